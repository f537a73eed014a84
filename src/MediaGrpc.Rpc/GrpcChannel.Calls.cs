using Google.Protobuf;
using MediaGrpc.Rpc.Internal;

namespace MediaGrpc.Rpc;

/// <summary>The four call kinds. Each starts the call at once and returns; failures surface from the awaited parts.</summary>
public sealed partial class GrpcChannel
{
    /// <summary>Calls a unary method: one request, one response.</summary>
    /// <exception cref="RpcException">The call ended with a non-OK status (thrown by the returned task).</exception>
    public Task<TResponse> UnaryAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckCall(method, MethodType.Unary);
        ArgumentNullException.ThrowIfNull(request);
        return UnaryCoreAsync(method, request, options);
    }

    /// <summary>Starts a unary call whose response headers and trailers are wanted as well as its response.</summary>
    public UnaryCall<TResponse> Unary<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckCall(method, MethodType.Unary);
        ArgumentNullException.ThrowIfNull(request);
        var call = new ClientCall<TRequest, TResponse>(this, method, options, request);
        call.Start();
        return new UnaryCall<TResponse>(call, call.ReadSingleResponseAsync());
    }

    /// <summary>Starts a server-streaming call: one request, a stream of responses.</summary>
    public ServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckCall(method, MethodType.ServerStreaming);
        ArgumentNullException.ThrowIfNull(request);
        var call = new ClientCall<TRequest, TResponse>(this, method, options, request);
        call.Start();
        return new ServerStreamingCall<TResponse>(call, new ClientStreamReader<TRequest, TResponse>(call));
    }

    /// <summary>Starts a client-streaming call: a stream of requests, one response.</summary>
    public ClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckCall(method, MethodType.ClientStreaming);
        var call = new ClientCall<TRequest, TResponse>(this, method, options, request: null);
        call.Start();
        return new ClientStreamingCall<TRequest, TResponse>(call, call.RequestStream, call.ReadSingleResponseAsync());
    }

    /// <summary>Starts a duplex call: both sides stream, independently.</summary>
    public DuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckCall(method, MethodType.DuplexStreaming);
        var call = new ClientCall<TRequest, TResponse>(this, method, options, request: null);
        call.Start();
        return new DuplexStreamingCall<TRequest, TResponse>(
            call, call.RequestStream, new ClientStreamReader<TRequest, TResponse>(call));
    }

    private async Task<TResponse> UnaryCoreAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        using var call = new ClientCall<TRequest, TResponse>(this, method, options, request);
        call.Start();
        return await call.ReadSingleResponseAsync().ConfigureAwait(false);
    }

    private void CheckCall<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType expected)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        ThrowIfDisposed();
        if (method.Type != expected)
        {
            throw new ArgumentException($"Method '{method.Path}' is {method.Type}, not {expected}.", nameof(method));
        }
    }
}
