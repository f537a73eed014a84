using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>Requests and responses stream independently.</summary>
internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    DuplexStreamingServerMethod<TRequest, TResponse> handler,
    PayloadLifetime requestPayloads,
    GrpcServerRuntime runtime)
    : ServerCallHandler(method.Descriptor, MethodType.DuplexStreaming, runtime, requestPayloads)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override Task InvokeHandlerAsync(ServerCall call, ServerCallContext context) =>
        handler(
            new ServerStreamReader<TRequest>(call, method.RequestParser, context.CancellationToken),
            new ServerStreamWriter<TResponse>(call, context.CancellationToken),
            context);
}
