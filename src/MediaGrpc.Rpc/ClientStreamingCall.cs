using System.Runtime.CompilerServices;
using MediaGrpc.Rpc.Internal;

namespace MediaGrpc.Rpc;

/// <summary>
/// A running call with a stream of requests and one response. Write the requests, call
/// <see cref="IClientStreamWriter{T}.CompleteAsync"/>, then await <see cref="ResponseAsync"/>
/// (or the call itself). Dispose the call when done; disposing a call still running cancels it.
/// </summary>
public sealed class ClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IClientCall _call;

    internal ClientStreamingCall(IClientCall call, IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
    }

    /// <summary>The requests.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response; throws <see cref="RpcException"/> when the call fails.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>The server's response headers; throws <see cref="RpcException"/> if the call failed before sending them.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    /// <summary>The call's status.</summary>
    /// <exception cref="InvalidOperationException">The call is not complete.</exception>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The server's trailers.</summary>
    /// <exception cref="InvalidOperationException">The call is not complete.</exception>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <summary>Awaits <see cref="ResponseAsync"/>.</summary>
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>Releases the call; a call still running is cancelled (its HTTP/2 stream is reset).</summary>
    public void Dispose() => _call.Dispose();
}
