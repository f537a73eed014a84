using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>A stream of requests in, one response out.</summary>
internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    ClientStreamingServerMethod<TRequest, TResponse> handler,
    PayloadLifetime requestPayloads,
    GrpcServerRuntime runtime)
    : ServerCallHandler(method.Descriptor, MethodType.ClientStreaming, runtime, requestPayloads)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task InvokeHandlerAsync(ServerCall call, ServerCallContext context)
    {
        var requests = new ServerStreamReader<TRequest>(call, method.RequestParser, context.CancellationToken);
        var response = await handler(requests, context)
            ?? throw new InvalidOperationException($"Handler of {method.Path} returned no response.");
        await call.WriteMessageAsync(response, context.CancellationToken);
    }
}
