using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class ClientStreamReader<TRequest, TResponse> : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly ClientCall<TRequest, TResponse> _call;
    private TResponse? _current;

    public ClientStreamReader(ClientCall<TRequest, TResponse> call) => _call = call;

    public TResponse Current => _current ?? throw new InvalidOperationException("No current message: MoveNext has not returned true.");

    /// <remarks>Cancelling <paramref name="cancellationToken"/> cancels the whole call.</remarks>
    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        _current = await _call.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        return _current is not null;
    }
}
