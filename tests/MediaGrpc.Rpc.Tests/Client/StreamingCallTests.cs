using Google.Protobuf;
using MediaGrpc.Rpc.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Client;

/// <summary>Server-streaming, client-streaming and duplex calls to the grpc-js echo server.</summary>
public sealed class StreamingCallTests : IClassFixture<GrpcJsEchoServerFixture>, IDisposable
{
    private readonly GrpcChannel _channel;

    public StreamingCallTests(GrpcJsEchoServerFixture server)
    {
        _channel = GrpcChannel.ForAddress(server.Address);
    }

    public void Dispose() => _channel.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Server_streaming_returns_count_responses_in_order_then_ok()
    {
        const int count = 200;
        var request = new EchoRequest { Text = "tick", Payload = TestPayload.Create(1000), Count = count };
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, request);

        var index = 0;
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(index++, response.Index);
            Assert.Equal("tick", response.Text);
            Assert.Equal(request.Payload, response.Payload);
        }

        Assert.Equal(count, index);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task Server_streaming_with_no_messages_ends_with_ok()
    {
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Count = 0 });

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task Client_streaming_joins_the_texts_and_concatenates_the_payloads()
    {
        using var call = _channel.ClientStreaming(EchoMethods.ClientStream);
        var payloads = new[] { TestPayload.Create(10, 1), TestPayload.Create(70_000, 2), TestPayload.Create(3, 3) };
        var texts = new[] { "a", "b", "c" };

        for (var i = 0; i < texts.Length; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = texts[i], Payload = payloads[i] }, CancellationToken.None);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal("a,b,c", response.Text);
        Assert.Equal(ByteString.CopyFrom([.. payloads[0], .. payloads[1], .. payloads[2]]), response.Payload);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task Client_streaming_with_no_requests_returns_an_empty_echo()
    {
        using var call = _channel.ClientStreaming(EchoMethods.ClientStream);

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal(string.Empty, response.Text);
        Assert.True(response.Payload.IsEmpty);
    }

    [Fact(Timeout = 30_000)]
    public async Task Duplex_reads_each_response_before_writing_the_next_request()
    {
        using var call = _channel.DuplexStreaming(EchoMethods.Duplex);

        // Each response must arrive while the request stream is still open: the two
        // directions flow independently, or this would wait forever.
        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "ping " + i }, CancellationToken.None);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal("ping " + i, call.ResponseStream.Current.Text);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task Duplex_response_headers_arrive_before_the_request_stream_completes()
    {
        // The echo server sends headers at once when it has metadata to echo.
        using var call = _channel.DuplexStreaming(
            EchoMethods.Duplex, new CallOptions(Headers: new Metadata { { "x-echo-early", "yes" } }));

        var headers = await call.ResponseHeadersAsync;

        Assert.Equal("yes", headers.GetValue("x-echo-early"));
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task Writing_after_completing_the_request_stream_is_rejected()
    {
        using var call = _channel.DuplexStreaming(EchoMethods.Duplex);
        await call.RequestStream.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => call.RequestStream.WriteAsync(new EchoRequest(), CancellationToken.None));
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact(Timeout = 30_000)]
    public async Task Duplex_error_status_fails_the_next_read_and_later_writes()
    {
        using var call = _channel.DuplexStreaming(EchoMethods.Duplex);

        await call.RequestStream.WriteAsync(
            new EchoRequest { Text = "last", FailWithCode = (int)StatusCode.FailedPrecondition, FailMessage = "stop" },
            CancellationToken.None);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("stop", error.Status.Detail);
        var writeError = await Assert.ThrowsAsync<RpcException>(
            () => call.RequestStream.WriteAsync(new EchoRequest(), CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, writeError.StatusCode);
    }
}
