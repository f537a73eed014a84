using Google.Protobuf;
using Google.Protobuf.Reflection;
using MediaGrpc.Rpc;

namespace MediaGrpc.Interop;

/// <summary>
/// grpc.testing.TestService with the behaviours the interop cases check
/// (https://github.com/grpc/grpc/blob/master/doc/interop-test-descriptions.md#server):
/// payloads of the requested size, the status named in the request, compression as the
/// request asks and checks, and the two echo metadata keys sent back.
/// </summary>
public sealed class InteropTestService : IGrpcService
{
    /// <summary>Request metadata sent back in the response headers.</summary>
    public const string EchoInitialKey = "x-grpc-test-echo-initial";

    /// <summary>Request metadata sent back in the response trailers.</summary>
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public ServiceDescriptor Descriptor => TestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");

    public void Bind(GrpcServiceBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);

        // UnimplementedCall stays unbound: the case expects UNIMPLEMENTED. StreamingInputCall
        // only counts each payload before it reads the next, so payloads may be pooled.
        binder
            .Unary<Empty, Empty>("EmptyCall", EmptyCallAsync)
            .Unary<SimpleRequest, SimpleResponse>("UnaryCall", UnaryCallAsync)
            .Unary<SimpleRequest, SimpleResponse>("CacheableUnaryCall", UnaryCallAsync)
            .ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("StreamingOutputCall", StreamingOutputCallAsync)
            .ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>("StreamingInputCall", StreamingInputCallAsync, PayloadLifetime.UntilNextRead)
            .DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("FullDuplexCall", FullDuplexCallAsync)
            .DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("HalfDuplexCall", HalfDuplexCallAsync);
    }

    private static async Task<Empty> EmptyCallAsync(Empty request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        return new Empty();
    }

    private static async Task<SimpleResponse> UnaryCallAsync(SimpleRequest request, ServerCallContext context)
    {
        CheckCompressed(request.ExpectCompressed, context);
        if (request.ResponseCompressed is { } compressed)
        {
            context.ResponseCompression = compressed.Value ? "gzip" : null;
        }

        await EchoMetadataAsync(context);
        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = CreatePayload(request.ResponseSize) };
    }

    private static async Task StreamingOutputCallAsync(
        StreamingOutputCallRequest request,
        IAsyncStreamWriter<StreamingOutputCallResponse> responses,
        ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        await RespondAsync(request, responses, context);
    }

    private static async Task<StreamingInputCallResponse> StreamingInputCallAsync(
        IAsyncStreamReader<StreamingInputCallRequest> requests,
        ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var total = 0;
        while (await requests.MoveNext(context.CancellationToken))
        {
            CheckCompressed(requests.Current.ExpectCompressed, context);
            total += requests.Current.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    private static async Task FullDuplexCallAsync(
        IAsyncStreamReader<StreamingOutputCallRequest> requests,
        IAsyncStreamWriter<StreamingOutputCallResponse> responses,
        ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        while (await requests.MoveNext(context.CancellationToken))
        {
            await RespondAsync(requests.Current, responses, context);
        }
    }

    private static async Task HalfDuplexCallAsync(
        IAsyncStreamReader<StreamingOutputCallRequest> requests,
        IAsyncStreamWriter<StreamingOutputCallResponse> responses,
        ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var received = new List<StreamingOutputCallRequest>();
        while (await requests.MoveNext(context.CancellationToken))
        {
            received.Add(requests.Current);
        }

        foreach (var request in received)
        {
            await RespondAsync(request, responses, context);
        }
    }

    /// <summary>Sends one response per parameter, then fails with the requested status, if any.</summary>
    private static async Task RespondAsync(
        StreamingOutputCallRequest request,
        IAsyncStreamWriter<StreamingOutputCallResponse> responses,
        ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            if (parameters.Compressed is { } compressed)
            {
                // The encoding is per stream, chosen once; the flag per message says whether it applies.
                if (compressed.Value && context.ResponseCompression is null)
                {
                    TrySetGzip(context);
                }

                context.CompressResponses = compressed.Value;
            }

            await responses.WriteAsync(
                new StreamingOutputCallResponse { Payload = CreatePayload(parameters.Size) },
                context.CancellationToken);
        }

        ThrowIfStatusRequested(request.ResponseStatus);
    }

    private static void TrySetGzip(ServerCallContext context)
    {
        try
        {
            context.ResponseCompression = "gzip";
        }
        catch (InvalidOperationException)
        {
            // Headers already went out as identity: this message goes plain, which clients read.
        }
    }

    /// <summary>
    /// A client that claims a compressed message must have sent one; this is how the
    /// client_compressed cases probe whether a server checks (it answers INVALID_ARGUMENT).
    /// </summary>
    private static void CheckCompressed(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed is { Value: true } && !context.LastRequestCompressed)
        {
            throw new RpcException(StatusCode.InvalidArgument, "Expected a compressed request message, but it arrived uncompressed.");
        }
    }

    /// <summary>Sends x-grpc-test-echo-initial back in the headers and queues x-grpc-test-echo-trailing-bin for the trailers.</summary>
    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.Get(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing.GetBytes());
        }

        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { EchoInitialKey, initial } });
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }
    }

    // Payloads are zeros and never written to: one shared buffer serves every response up
    // to its size, so the benchmark measures the transport, not the test service's allocations.
    private static readonly byte[] s_zeros = new byte[4 * 1024 * 1024];

    private static Payload CreatePayload(int size) => new()
    {
        Type = PayloadType.Compressable,
        Body = size switch
        {
            <= 0 => ByteString.Empty,
            _ when size <= s_zeros.Length => UnsafeByteOperations.UnsafeWrap(s_zeros.AsMemory(0, size)),
            _ => UnsafeByteOperations.UnsafeWrap(new byte[size]),
        },
    };
}
