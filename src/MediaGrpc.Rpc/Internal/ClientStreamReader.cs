using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class ClientStreamReader<TRequest, TResponse> : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private static readonly Task<bool> s_true = Task.FromResult(true);
    private static readonly Task<bool> s_false = Task.FromResult(false);

    private readonly ClientCall<TRequest, TResponse> _call;
    private TResponse? _current;

    public ClientStreamReader(ClientCall<TRequest, TResponse> call) => _call = call;

    public TResponse Current => _current ?? throw new InvalidOperationException("No current message: MoveNext has not returned true.");

    /// <remarks>Cancelling <paramref name="cancellationToken"/> cancels the whole call.</remarks>
    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var read = _call.ReadNextAsync(cancellationToken);
        if (!read.IsCompletedSuccessfully)
        {
            return AwaitAsync(read);
        }

        // A message already buffered: no allocation for the common case of a burst of messages.
        _current = read.Result;
        return _current is null ? s_false : s_true;
    }

    private async Task<bool> AwaitAsync(ValueTask<TResponse?> read)
    {
        _current = await read.ConfigureAwait(false);
        return _current is not null;
    }
}
