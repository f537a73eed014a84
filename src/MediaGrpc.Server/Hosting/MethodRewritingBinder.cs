using Grpc.Core;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// A service binder that hands every method to another binder after rewriting its
/// descriptor (its marshallers), whatever kind of call the method is: the generated
/// <c>BindService</c> of a service passes through it unchanged otherwise.
/// </summary>
internal abstract class MethodRewritingBinder(ServiceBinderBase inner) : ServiceBinderBase
{
    public sealed override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Rewrite(method), handler);

    public sealed override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Rewrite(method), handler);

    public sealed override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Rewrite(method), handler);

    public sealed override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Rewrite(method), handler);

    /// <summary>The descriptor to bind in place of <paramref name="method"/>.</summary>
    protected abstract Method<TRequest, TResponse> Rewrite<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class;
}
