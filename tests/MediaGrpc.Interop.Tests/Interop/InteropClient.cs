using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Google.Protobuf;
using MediaGrpc.Interop;
using Xunit;

namespace MediaGrpc.Interop.Tests.Interop;

/// <summary>
/// The interop cases on our client, from the client procedures of
/// https://github.com/grpc/grpc/blob/master/doc/interop-test-descriptions.md, run against
/// any grpc.testing.TestService server.
/// </summary>
/// <param name="channel">A channel to the server under test.</param>
/// <param name="serverChecksCompression">
/// Whether the server refuses an uncompressed message that claims compression (the
/// client_compressed probes). grpc-js servers cannot: their handlers never learn how a
/// message arrived.
/// </param>
internal sealed class InteropClient(GrpcChannel channel, bool serverChecksCompression)
{
    private static readonly int[] s_requestSizes = [27182, 8, 1828, 45904];
    private static readonly int[] s_responseSizes = [31415, 9, 2653, 58979];
    private static readonly CallOptions s_gzip = GrpcCalls.Gzip;

    public Task RunAsync(string name) => name switch
    {
        "empty_unary" => EmptyUnaryAsync(),
        "large_unary" => LargeUnaryAsync(),
        "client_compressed_unary" => ClientCompressedUnaryAsync(),
        "server_compressed_unary" => ServerCompressedUnaryAsync(),
        "client_streaming" => ClientStreamingAsync(),
        "client_compressed_streaming" => ClientCompressedStreamingAsync(),
        "server_streaming" => ServerStreamingAsync(),
        "server_compressed_streaming" => ServerCompressedStreamingAsync(),
        "ping_pong" => PingPongAsync(),
        "empty_stream" => EmptyStreamAsync(),
        "cancel_after_begin" => CancelAfterBeginAsync(),
        "cancel_after_first_response" => CancelAfterFirstResponseAsync(),
        "timeout_on_sleeping_server" => TimeoutOnSleepingServerAsync(),
        "custom_metadata" => CustomMetadataAsync(),
        "status_code_and_message" => StatusCodeAndMessageAsync(),
        "special_status_message" => SpecialStatusMessageAsync(),
        "unimplemented_method" => UnimplementedMethodAsync(),
        "unimplemented_service" => UnimplementedServiceAsync(),
        _ => throw new ArgumentException($"Unknown interop case '{name}'.", nameof(name)),
    };

    private async Task EmptyUnaryAsync()
    {
        var response = await channel.UnaryAsync(InteropMethods.EmptyCall, new Empty());
        Assert.Equal(new Empty(), response);
    }

    private async Task LargeUnaryAsync()
    {
        var response = await channel.UnaryAsync(InteropMethods.UnaryCall, LargeRequest());
        AssertZeros(314159, response.Payload);
    }

    private async Task ClientCompressedUnaryAsync()
    {
        var probe = LargeRequest();
        probe.ExpectCompressed = new BoolValue { Value = true };
        if (serverChecksCompression)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(InteropMethods.UnaryCall, probe));
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }

        foreach (var compressed in new[] { true, false })
        {
            var request = LargeRequest();
            request.ExpectCompressed = new BoolValue { Value = compressed };
            var response = await channel.UnaryAsync(InteropMethods.UnaryCall, request, compressed ? s_gzip : default);
            AssertZeros(314159, response.Payload);
        }
    }

    private async Task ServerCompressedUnaryAsync()
    {
        foreach (var compressed in new[] { true, false })
        {
            var request = LargeRequest();
            request.ResponseCompressed = new BoolValue { Value = compressed };
            var response = await channel.UnaryAsync(InteropMethods.UnaryCall, request);
            AssertZeros(314159, response.Payload);
        }
    }

    private async Task ClientStreamingAsync()
    {
        using var call = channel.ClientStreaming(InteropMethods.StreamingInputCall);
        foreach (var size in s_requestSizes)
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) }, CancellationToken.None);
        }

        await call.RequestStream.CompleteAsync();
        Assert.Equal(74922, (await call.ResponseAsync).AggregatedPayloadSize);
    }

    private async Task ClientCompressedStreamingAsync()
    {
        if (serverChecksCompression)
        {
            using var probe = channel.ClientStreaming(InteropMethods.StreamingInputCall);
            await probe.RequestStream.WriteAsync(
                new StreamingInputCallRequest { Payload = Zeros(27182), ExpectCompressed = new BoolValue { Value = true } },
                CancellationToken.None);
            await probe.RequestStream.CompleteAsync();
            var refused = await Assert.ThrowsAsync<RpcException>(() => probe.ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }

        using var call = channel.ClientStreaming(InteropMethods.StreamingInputCall, s_gzip);
        await call.RequestStream.WriteAsync(
            new StreamingInputCallRequest { Payload = Zeros(27182), ExpectCompressed = new BoolValue { Value = true } },
            CancellationToken.None);
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(
            new StreamingInputCallRequest { Payload = Zeros(45904), ExpectCompressed = new BoolValue { Value = false } },
            CancellationToken.None);
        await call.RequestStream.CompleteAsync();
        Assert.Equal(73086, (await call.ResponseAsync).AggregatedPayloadSize);
    }

    private async Task ServerStreamingAsync()
    {
        var request = new StreamingOutputCallRequest();
        foreach (var size in s_responseSizes)
        {
            request.ResponseParameters.Add(new ResponseParameters { Size = size });
        }

        using var call = channel.ServerStreaming(InteropMethods.StreamingOutputCall, request);
        var sizes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            sizes.Add(response.Payload.Body.Length);
        }

        Assert.Equal(s_responseSizes, sizes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private async Task ServerCompressedStreamingAsync()
    {
        var request = new StreamingOutputCallRequest
        {
            ResponseParameters =
            {
                new ResponseParameters { Size = 31415, Compressed = new BoolValue { Value = true } },
                new ResponseParameters { Size = 92653, Compressed = new BoolValue { Value = false } },
            },
        };

        using var call = channel.ServerStreaming(InteropMethods.StreamingOutputCall, request);
        var sizes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            AssertZeros(response.Payload.Body.Length, response.Payload);
            sizes.Add(response.Payload.Body.Length);
        }

        Assert.Equal([31415, 92653], sizes);
    }

    private async Task PingPongAsync()
    {
        using var call = channel.DuplexStreaming(InteropMethods.FullDuplexCall);
        for (var i = 0; i < s_requestSizes.Length; i++)
        {
            await call.RequestStream.WriteAsync(
                new StreamingOutputCallRequest
                {
                    ResponseParameters = { new ResponseParameters { Size = s_responseSizes[i] } },
                    Payload = Zeros(s_requestSizes[i]),
                },
                CancellationToken.None);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(s_responseSizes[i], call.ResponseStream.Current.Payload.Body.Length);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private async Task EmptyStreamAsync()
    {
        using var call = channel.DuplexStreaming(InteropMethods.FullDuplexCall);
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private async Task CancelAfterBeginAsync()
    {
        using var cancel = new CancellationTokenSource();
        using var call = channel.ClientStreaming(InteropMethods.StreamingInputCall, new CallOptions(cancellationToken: cancel.Token));
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private async Task CancelAfterFirstResponseAsync()
    {
        using var cancel = new CancellationTokenSource();
        using var call = channel.DuplexStreaming(InteropMethods.FullDuplexCall, new CallOptions(cancellationToken: cancel.Token));
        await call.RequestStream.WriteAsync(
            new StreamingOutputCallRequest { ResponseParameters = { new ResponseParameters { Size = 31415 } }, Payload = Zeros(27182) },
            CancellationToken.None);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(31415, call.ResponseStream.Current.Payload.Body.Length);

        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private async Task TimeoutOnSleepingServerAsync()
    {
        using var call = channel.DuplexStreaming(
            InteropMethods.FullDuplexCall,
            new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(1)));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) }, CancellationToken.None);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            // The deadline may pass before the write: the write fails with it, which is the point.
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    private async Task CustomMetadataAsync()
    {
        const string initial = "test_initial_metadata_value";
        byte[] trailing = [0xab, 0xab, 0xab];
        var headers = new Metadata
        {
            { InteropTestService.EchoInitialKey, initial },
            { InteropTestService.EchoTrailingKey, trailing },
        };

        using (var unary = channel.Unary(
            InteropMethods.UnaryCall,
            new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) },
            new CallOptions(headers)))
        {
            AssertZeros(314159, (await unary).Payload);
            Assert.Equal(initial, (await unary.ResponseHeadersAsync).GetValue(InteropTestService.EchoInitialKey));
            Assert.Equal(trailing, unary.GetTrailers().Get(InteropTestService.EchoTrailingKey)?.ValueBytes);
        }

        using var duplex = channel.DuplexStreaming(InteropMethods.FullDuplexCall, new CallOptions(headers));
        await duplex.RequestStream.WriteAsync(
            new StreamingOutputCallRequest { ResponseParameters = { new ResponseParameters { Size = 314159 } }, Payload = Zeros(271828) },
            CancellationToken.None);
        await duplex.RequestStream.CompleteAsync();
        Assert.True(await duplex.ResponseStream.MoveNext(CancellationToken.None));
        Assert.False(await duplex.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(initial, (await duplex.ResponseHeadersAsync).GetValue(InteropTestService.EchoInitialKey));
        Assert.Equal(trailing, duplex.GetTrailers().Get(InteropTestService.EchoTrailingKey)?.ValueBytes);
    }

    private async Task StatusCodeAndMessageAsync()
    {
        var status = new EchoStatus { Code = 2, Message = "test status message" };
        var unary = await Assert.ThrowsAsync<RpcException>(
            () => channel.UnaryAsync(InteropMethods.UnaryCall, new SimpleRequest { ResponseStatus = status }));
        Assert.Equal((StatusCode.Unknown, status.Message), (unary.StatusCode, unary.Status.Detail));

        using var duplex = channel.DuplexStreaming(InteropMethods.FullDuplexCall);
        await duplex.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status }, CancellationToken.None);
        await duplex.RequestStream.CompleteAsync();
        var streamed = await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal((StatusCode.Unknown, status.Message), (streamed.StatusCode, streamed.Status.Detail));
    }

    private async Task SpecialStatusMessageAsync()
    {
        const string message = "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n";
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(
            InteropMethods.UnaryCall,
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = message } }));
        Assert.Equal((StatusCode.Unknown, message), (error.StatusCode, error.Status.Detail));
    }

    private async Task UnimplementedMethodAsync()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(InteropMethods.UnimplementedCall, new Empty()));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private async Task UnimplementedServiceAsync()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(InteropMethods.UnimplementedServiceCall, new Empty()));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static SimpleRequest LargeRequest() => new() { ResponseSize = 314159, Payload = Zeros(271828) };

    private static Payload Zeros(int size) => new() { Body = UnsafeByteOperations.UnsafeWrap(new byte[size]) };

    private static void AssertZeros(int size, Payload payload)
    {
        Assert.Equal(size, payload.Body.Length);
        Assert.True(payload.Body.Span.IndexOfAnyExcept((byte)0) < 0, "The payload is not all zeros.");
    }
}
