using Grpc.Core;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Interop;
using MediaGrpc.Server.Hosting;

namespace MediaGrpc.Bench.Transport;

/// <summary>
/// The transport calls of grpc.testing.TestService as the media service serves its chunks:
/// StreamingInputCall (the upload) reads its requests with the pooled chunk marshaller, as
/// UploadService/Upload does; StreamingOutputCall (the download) writes its responses in
/// large spans, as DownloadService does (<see cref="LargeResponseBinder"/>); UnaryCall and
/// StreamingOutputCall are the interop host's.
/// Not sealed: Grpc.AspNetCore binds the virtual methods declared on the bind type.
/// </summary>
[BindServiceMethod(typeof(PooledTestService), nameof(BindService))]
public class PooledTestService
{
    private static readonly InteropTestService s_interop = new();

    private static readonly Method<SimpleRequest, SimpleResponse> s_unary = new(
        MethodType.Unary, TestService.Descriptor.FullName, "UnaryCall",
        ChunkMarshallers.Owned(SimpleRequest.Parser), ChunkMarshallers.Owned(SimpleResponse.Parser));

    private static readonly Method<Pooled<StreamingInputCallRequest>, StreamingInputCallResponse> s_upload = new(
        MethodType.ClientStreaming, TestService.Descriptor.FullName, "StreamingInputCall",
        ChunkMarshallers.Pooled(StreamingInputCallRequest.Parser), ChunkMarshallers.Owned(StreamingInputCallResponse.Parser));

    private static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> s_download = new(
        MethodType.ServerStreaming, TestService.Descriptor.FullName, "StreamingOutputCall",
        ChunkMarshallers.Owned(StreamingOutputCallRequest.Parser), ChunkMarshallers.Owned(StreamingOutputCallResponse.Parser));

    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => TestService.Descriptor;

    public static void BindService(ServiceBinderBase binder, PooledTestService? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder = new LargeResponseBinder(binder);
        binder.AddMethod(s_unary, service is null ? null : service.UnaryCall);
        binder.AddMethod(s_upload, service is null ? null : service.StreamingInputCall);
        binder.AddMethod(s_download, service is null ? null : service.StreamingOutputCall);
    }

    public virtual Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context) => s_interop.UnaryCall(request, context);

    public virtual async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<Pooled<StreamingInputCallRequest>> requestStream, ServerCallContext context)
    {
        using var requests = new PooledStreamReader<StreamingInputCallRequest>(requestStream);
        var total = 0;
        while (await requests.MoveNext(context.CancellationToken))
        {
            total += requests.Current.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public virtual Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context) =>
        s_interop.StreamingOutputCall(request, responseStream, context);
}
