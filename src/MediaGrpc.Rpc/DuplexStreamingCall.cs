using MediaGrpc.Rpc.Internal;

namespace MediaGrpc.Rpc;

/// <summary>
/// A running call where both sides stream, independently: responses can be read while
/// requests are still being written. Dispose the call when done; disposing a call still
/// running cancels it.
/// </summary>
public sealed class DuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IClientCall _call;

    internal DuplexStreamingCall(
        IClientCall call,
        IClientStreamWriter<TRequest> requestStream,
        IAsyncStreamReader<TResponse> responseStream)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseStream = responseStream;
    }

    /// <summary>The requests.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The responses; <c>MoveNext</c> throws <see cref="RpcException"/> when the call fails.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The server's response headers; throws <see cref="RpcException"/> if the call failed before sending them.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    /// <summary>The call's status.</summary>
    /// <exception cref="InvalidOperationException">The call is not complete.</exception>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The server's trailers.</summary>
    /// <exception cref="InvalidOperationException">The call is not complete.</exception>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <summary>Releases the call; a call still running is cancelled (its HTTP/2 stream is reset).</summary>
    public void Dispose() => _call.Dispose();
}
