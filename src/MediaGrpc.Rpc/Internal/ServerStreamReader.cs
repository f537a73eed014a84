using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class ServerStreamReader<T>(ServerCall call, MessageParser<T> parser, CancellationToken callToken)
    : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == callToken)
        {
            _current = await call.ReadMessageAsync(parser, callToken);
        }
        else
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken);
            _current = await call.ReadMessageAsync(parser, linked.Token);
        }

        return _current is not null;
    }
}
