using Google.Protobuf;
using Google.Protobuf.Reflection;
using MediaGrpc.Rpc.Internal;

namespace MediaGrpc.Rpc;

/// <summary>
/// Binds a service's handlers to the methods of its protobuf descriptor. Every check
/// happens here, at start-up: the method must exist, be of the handler's kind, and
/// take and return the handler's message types; each method is bound at most once.
/// Methods left unbound answer UNIMPLEMENTED, as generated base classes do.
/// </summary>
public sealed class GrpcServiceBinder
{
    private readonly GrpcServerRuntime _runtime;
    private readonly List<ServerCallHandler> _handlers = [];

    internal GrpcServiceBinder(ServiceDescriptor service, GrpcServerRuntime runtime)
    {
        Service = service;
        _runtime = runtime;
    }

    /// <summary>The protobuf service being bound.</summary>
    public ServiceDescriptor Service { get; }

    internal IReadOnlyList<ServerCallHandler> Handlers => _handlers;

    /// <summary>Binds a unary method.</summary>
    public GrpcServiceBinder Unary<TRequest, TResponse>(string name, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Resolve<TRequest, TResponse>(name, MethodType.Unary, handler);
        return Add(new UnaryServerCallHandler<TRequest, TResponse>(method, handler, _runtime));
    }

    /// <summary>Binds a server-streaming method.</summary>
    public GrpcServiceBinder ServerStreaming<TRequest, TResponse>(string name, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Resolve<TRequest, TResponse>(name, MethodType.ServerStreaming, handler);
        return Add(new ServerStreamingServerCallHandler<TRequest, TResponse>(method, handler, _runtime));
    }

    /// <summary>Binds a client-streaming method.</summary>
    /// <param name="name">The method's name in the service descriptor.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="requestPayloads">
    /// How long large <c>bytes</c> fields of request messages stay valid in the handler; the
    /// default <see cref="PayloadLifetime.Owned"/> lets it keep any message.
    /// </param>
    public GrpcServiceBinder ClientStreaming<TRequest, TResponse>(
        string name,
        ClientStreamingServerMethod<TRequest, TResponse> handler,
        PayloadLifetime requestPayloads = PayloadLifetime.Owned)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Resolve<TRequest, TResponse>(name, MethodType.ClientStreaming, handler);
        return Add(new ClientStreamingServerCallHandler<TRequest, TResponse>(method, handler, requestPayloads, _runtime));
    }

    /// <summary>Binds a duplex-streaming method.</summary>
    /// <param name="name">The method's name in the service descriptor.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="requestPayloads">
    /// How long large <c>bytes</c> fields of request messages stay valid in the handler; the
    /// default <see cref="PayloadLifetime.Owned"/> lets it keep any message.
    /// </param>
    public GrpcServiceBinder DuplexStreaming<TRequest, TResponse>(
        string name,
        DuplexStreamingServerMethod<TRequest, TResponse> handler,
        PayloadLifetime requestPayloads = PayloadLifetime.Owned)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Resolve<TRequest, TResponse>(name, MethodType.DuplexStreaming, handler);
        return Add(new DuplexStreamingServerCallHandler<TRequest, TResponse>(method, handler, requestPayloads, _runtime));
    }

    private Method<TRequest, TResponse> Resolve<TRequest, TResponse>(string name, MethodType kind, Delegate handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Method<TRequest, TResponse>.Create(Service, name);
        if (method.Type != kind)
        {
            throw new InvalidOperationException($"Method '{method.Path}' is {method.Type}, but a {kind} handler was bound to it.");
        }

        foreach (var bound in _handlers)
        {
            if (bound.Path == method.Path)
            {
                throw new InvalidOperationException($"Method '{method.Path}' is bound twice.");
            }
        }

        return method;
    }

    private GrpcServiceBinder Add(ServerCallHandler handler)
    {
        _handlers.Add(handler);
        return this;
    }
}
