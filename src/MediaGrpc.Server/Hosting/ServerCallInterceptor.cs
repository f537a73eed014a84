using Grpc.Core;
using Grpc.Core.Interceptors;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// An interceptor that wraps every kind of call the same way: around the handler, with
/// the call's context. The cross-cutting steps (errors, limits, identity, store failures)
/// derive from it, so each is written once for unary and streaming calls alike.
/// </summary>
internal abstract class ServerCallInterceptor : Interceptor
{
    /// <summary>Runs <paramref name="continuation"/> (the rest of the pipeline and the handler) with this step around it.</summary>
    protected abstract Task InterceptAsync(ServerCallContext context, Func<Task> continuation);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        TResponse response = default!;
        await InterceptAsync(context, async () => response = await continuation(request, context));
        return response;
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        TResponse response = default!;
        await InterceptAsync(context, async () => response = await continuation(requestStream, context));
        return response;
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        InterceptAsync(context, () => continuation(request, responseStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        InterceptAsync(context, () => continuation(requestStream, responseStream, context));
}
