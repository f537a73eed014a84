using Grpc.Core;

namespace MediaGrpc.Contracts.Pooling;

/// <summary>
/// Reads a stream of pooled messages as plain messages: each message's pooled payloads go
/// back to the pool when the next one is read, or when the reader is disposed. For readers
/// that consume a message (write its chunk to storage, a file or a hash) before reading the
/// next, and keep nothing of it.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class PooledStreamReader<T>(IAsyncStreamReader<Pooled<T>> inner) : IAsyncStreamReader<T>, IDisposable
    where T : class
{
    private Pooled<T>? _current;

    /// <inheritdoc />
    public T Current => _current?.Message ?? throw new InvalidOperationException("No message has been read.");

    /// <inheritdoc />
    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        Release();
        if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _current = inner.Current;
        return true;
    }

    /// <summary>Returns the current message's payloads to the pool.</summary>
    public void Dispose() => Release();

    private void Release()
    {
        _current?.Dispose();
        _current = null;
    }
}
