using Google.Protobuf;
using Grpc.Core;

namespace MediaGrpc.Interop;

/// <summary>
/// grpc.testing.TestService with the behaviours the interop cases check
/// (https://github.com/grpc/grpc/blob/master/doc/interop-test-descriptions.md#server):
/// payloads of the requested size, the status named in the request, compression as the
/// request asks and checks, and the two echo metadata keys sent back.
/// </summary>
public sealed class InteropTestService : TestService.TestServiceBase
{
    /// <summary>Request metadata sent back in the response headers.</summary>
    public const string EchoInitialKey = "x-grpc-test-echo-initial";

    /// <summary>Request metadata sent back in the response trailers.</summary>
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";


    /// <summary>Header that makes Grpc.AspNetCore compress this call's responseStream with gzip; it is not sent to the client.</summary>
    private const string ResponseEncodingHeader = "grpc-internal-encoding-request";

    public override async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponses: false);
        return new Empty();
    }

    public override Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context) => UnaryCall(request, context);

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        CheckCompressed(request.ExpectCompressed, context);
        await EchoMetadataAsync(context, compressResponses: request.ResponseCompressed?.Value ?? false);
        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = CreatePayload(request.ResponseSize) };
    }

    public override async Task StreamingOutputCall(
        StreamingOutputCallRequest request,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        await EchoMetadataAsync(context, AnyCompressed(request));
        await RespondAsync(request, responseStream, context);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(
        IAsyncStreamReader<StreamingInputCallRequest> requestStream,
        ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponses: false);
        var total = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            CheckCompressed(requestStream.Current.ExpectCompressed, context);
            total += requestStream.Current.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public override async Task FullDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requestStream,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        var headersSent = false;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            if (!headersSent)
            {
                // The encoding is per stream: chosen with the headers, before the first response.
                await EchoMetadataAsync(context, AnyCompressed(requestStream.Current));
                headersSent = true;
            }

            await RespondAsync(requestStream.Current, responseStream, context);
        }

        if (!headersSent)
        {
            await EchoMetadataAsync(context, compressResponses: false);
        }
    }

    public override async Task HalfDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requestStream,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        var received = new List<StreamingOutputCallRequest>();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            received.Add(requestStream.Current);
        }

        await EchoMetadataAsync(context, received.Any(AnyCompressed));

        foreach (var request in received)
        {
            await RespondAsync(request, responseStream, context);
        }
    }

    /// <summary>Sends one response per parameter, then fails with the requested status, if any.</summary>
    private static async Task RespondAsync(
        StreamingOutputCallRequest request,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            // The encoding is per stream, chosen with the headers; the flag per message says whether it applies.
            responseStream.WriteOptions = parameters.Compressed is { Value: false } ? new WriteOptions(WriteFlags.NoCompress) : null;
            await responseStream.WriteAsync(
                new StreamingOutputCallResponse { Payload = CreatePayload(parameters.Size) },
                context.CancellationToken);
        }

        ThrowIfStatusRequested(request.ResponseStatus);
    }

    private static bool AnyCompressed(StreamingOutputCallRequest request) =>
        request.ResponseParameters.Any(p => p.Compressed?.Value ?? false);

    /// <summary>
    /// A client that claims a compressed message must have sent one; this is how the
    /// client_compressed cases probe whether a server checks (it answers INVALID_ARGUMENT).
    /// Grpc.AspNetCore does not tell a handler whether one message arrived compressed, so
    /// the request's <c>grpc-encoding</c> stands for it: the probes send an identity stream.
    /// </summary>
    private static void CheckCompressed(BoolValue? expectCompressed, ServerCallContext context)
    {
        var encoding = context.GetHttpContext().Request.Headers["grpc-encoding"].ToString();
        if (expectCompressed is { Value: true } && encoding is "" or "identity")
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Expected a compressed request message, but it arrived uncompressed."));
        }
    }

    /// <summary>Sends x-grpc-test-echo-initial back in the headers and queues x-grpc-test-echo-trailing-bin for the trailers.</summary>
    /// <remarks>Sends the response headers, so it runs before the first response, once.</remarks>
    private static async Task EchoMetadataAsync(ServerCallContext context, bool compressResponses)
    {
        if (context.RequestHeaders.Get(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing.ValueBytes);
        }

        var headers = new Metadata();
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            headers.Add(EchoInitialKey, initial);
        }

        if (compressResponses)
        {
            headers.Add(ResponseEncodingHeader, "gzip");
        }

        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
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
