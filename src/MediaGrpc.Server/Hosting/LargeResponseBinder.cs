using Grpc.Core;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Binds a service's methods with response serializers that write large messages in large
/// spans (<see cref="LargeMessageSerializer"/>): for the services whose responses carry
/// media chunks. Requests, and responses under 64 KiB, are left as they are.
/// </summary>
internal sealed class LargeResponseBinder(ServiceBinderBase inner) : MethodRewritingBinder(inner)
{
    protected override Method<TRequest, TResponse> Rewrite<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var responses = new Marshaller<TResponse>(
            LargeMessageSerializer.Wrap(method.ResponseMarshaller.ContextualSerializer),
            method.ResponseMarshaller.ContextualDeserializer);
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, method.RequestMarshaller, responses);
    }
}
