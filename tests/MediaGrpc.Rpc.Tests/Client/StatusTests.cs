using MediaGrpc.Rpc.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Client;

/// <summary>Error statuses sent by the grpc-js echo server, as the client surfaces them.</summary>
public sealed class StatusTests : IClassFixture<GrpcJsEchoServerFixture>, IDisposable
{
    // '%' must be escaped and 'ü' is two UTF-8 bytes: both go through percent-encoding.
    private const string Message = "50% of the Grüße were lost";

    private readonly GrpcChannel _channel;

    public StatusTests(GrpcJsEchoServerFixture server)
    {
        _channel = GrpcChannel.ForAddress(server.Address);
    }

    public void Dispose() => _channel.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Error_status_of_a_trailers_only_response_surfaces_with_its_code_and_decoded_message()
    {
        var request = new EchoRequest { FailWithCode = (int)StatusCode.NotFound, FailMessage = Message };

        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(EchoMethods.Unary, request));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(Message, error.Status.Detail);
    }

    [Fact(Timeout = 30_000)]
    public async Task Error_status_after_response_headers_surfaces_with_its_code_message_and_trailers()
    {
        var request = new EchoRequest { FailWithCode = (int)StatusCode.PermissionDenied, FailMessage = Message };
        var headers = new Metadata { { "x-echo-reason", "testing" } };

        var error = await Assert.ThrowsAsync<RpcException>(
            () => _channel.UnaryAsync(EchoMethods.Unary, request, new CallOptions(Headers: headers)));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(Message, error.Status.Detail);
        Assert.Equal("testing", error.Trailers.GetValue("x-echo-reason"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Server_stream_error_surfaces_after_the_messages_sent_before_it()
    {
        var request = new EchoRequest { Count = 3, FailWithCode = (int)StatusCode.Aborted, FailMessage = Message };
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, request);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal(Message, error.Status.Detail);
        Assert.Equal(error.Status, call.GetStatus());
    }

    [Fact]
    public void Status_and_trailers_are_unavailable_until_the_call_completes()
    {
        var request = new EchoRequest { Text = "slow", DelayMs = 10_000 };
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, request);

        Assert.Throws<InvalidOperationException>(call.GetStatus);
        Assert.Throws<InvalidOperationException>(call.GetTrailers);
    }

    [Fact(Timeout = 30_000)]
    public async Task Unreachable_server_fails_with_unavailable()
    {
        using var channel = GrpcChannel.ForAddress(new Uri("http://127.0.0.1:" + FreePort.Next()));

        var error = await Assert.ThrowsAsync<RpcException>(
            () => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "nobody there" }));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
