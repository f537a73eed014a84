using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>One request in, one response out.</summary>
internal sealed class UnaryServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    UnaryServerMethod<TRequest, TResponse> handler,
    GrpcServerRuntime runtime)
    : ServerCallHandler(method.Descriptor, MethodType.Unary, runtime)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task InvokeHandlerAsync(ServerCall call, ServerCallContext context)
    {
        var request = await call.ReadSingleMessageAsync(method.RequestParser, context.CancellationToken);
        var response = await handler(request, context)
            ?? throw new InvalidOperationException($"Handler of {method.Path} returned no response.");
        await call.WriteMessageAsync(response, context.CancellationToken);
    }
}
