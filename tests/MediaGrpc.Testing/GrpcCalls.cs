using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace MediaGrpc.Testing;

/// <summary>
/// Calls by method, for tests that drive the contract's streams message by message, on
/// Grpc.Net.Client's call invoker with the plain (owned) marshallers.
/// </summary>
public static class GrpcCalls
{
    /// <summary>
    /// Call options that make Grpc.Net.Client compress the call's request messages with gzip
    /// (its per-call switch is this request header, which it does not send).
    /// </summary>
    public static CallOptions Gzip => new(new Metadata { { "grpc-internal-encoding-request", "gzip" } });

    public static Method<TRequest, TResponse> Method<TRequest, TResponse>(Google.Protobuf.Reflection.ServiceDescriptor service, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = service.FindMethodByName(name) ?? throw new ArgumentException($"{service.FullName} has no method {name}.", nameof(name));
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(
            type,
            service.FullName,
            name,
            Marshallers.Create(m => m.ToByteArray(), new MessageParser<TRequest>(() => new TRequest()).ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), new MessageParser<TResponse>(() => new TResponse()).ParseFrom));
    }

    public static Task<TResponse> UnaryAsync<TRequest, TResponse>(this GrpcChannel channel, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        channel.CreateCallInvoker().AsyncUnaryCall(method, null, options, request).ResponseAsync;

    public static AsyncUnaryCall<TResponse> Unary<TRequest, TResponse>(this GrpcChannel channel, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        channel.CreateCallInvoker().AsyncUnaryCall(method, null, options, request);

    public static AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(this GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        channel.CreateCallInvoker().AsyncClientStreamingCall(method, null, options);

    public static AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(this GrpcChannel channel, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, options, request);

    public static AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(this GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, options);

    /// <summary>The typed details of a failed call's google.rpc.Status (grpc-status-details-bin).</summary>
    public static IReadOnlyList<Any> Details(this RpcException error) =>
        error.GetRpcStatus()?.Details ?? throw new InvalidOperationException("The status carries no details: " + error.Status);
}
