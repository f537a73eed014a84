using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class ServerStreamWriter<T>(ServerCall call, CancellationToken callToken) : IAsyncStreamWriter<T>
    where T : class, IMessage<T>
{
    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!cancellationToken.CanBeCanceled || cancellationToken == callToken)
        {
            await call.WriteMessageAsync(message, callToken);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken);
        await call.WriteMessageAsync(message, linked.Token);
    }
}
