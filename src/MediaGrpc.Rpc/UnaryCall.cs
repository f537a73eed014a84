using System.Runtime.CompilerServices;
using MediaGrpc.Rpc.Internal;

namespace MediaGrpc.Rpc;

/// <summary>
/// A running unary call that also exposes the server's response headers and trailers
/// (<see cref="GrpcChannel.UnaryAsync{TRequest, TResponse}"/> returns only the response).
/// Await <see cref="ResponseAsync"/> (or the call itself); dispose the call when done.
/// </summary>
public sealed class UnaryCall<TResponse> : IDisposable
{
    private readonly IClientCall _call;

    internal UnaryCall(IClientCall call, Task<TResponse> responseAsync)
    {
        _call = call;
        ResponseAsync = responseAsync;
    }

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
