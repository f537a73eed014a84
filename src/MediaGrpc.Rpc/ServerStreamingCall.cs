using MediaGrpc.Rpc.Internal;

namespace MediaGrpc.Rpc;

/// <summary>
/// A running call with one request and a stream of responses. Read
/// <see cref="ResponseStream"/> to its end to get the status; dispose the call when done
/// (disposing a call still running cancels it).
/// </summary>
public sealed class ServerStreamingCall<TResponse> : IDisposable
{
    private readonly IClientCall _call;

    internal ServerStreamingCall(IClientCall call, IAsyncStreamReader<TResponse> responseStream)
    {
        _call = call;
        ResponseStream = responseStream;
    }

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
