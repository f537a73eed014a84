using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>One request in, a stream of responses out.</summary>
internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    ServerStreamingServerMethod<TRequest, TResponse> handler,
    GrpcServerRuntime runtime)
    : ServerCallHandler(method.Descriptor, MethodType.ServerStreaming, runtime)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task InvokeHandlerAsync(ServerCall call, ServerCallContext context)
    {
        var request = await call.ReadSingleMessageAsync(method.RequestParser, context.CancellationToken);
        await handler(request, new ServerStreamWriter<TResponse>(call, context.CancellationToken), context);
    }
}
