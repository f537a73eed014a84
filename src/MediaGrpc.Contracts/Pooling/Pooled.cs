namespace MediaGrpc.Contracts.Pooling;

/// <summary>
/// A received message whose large <c>bytes</c> fields (64 KiB or more) live in buffers
/// rented from the shared array pool. Valid until disposed: <see cref="PooledStreamReader{T}"/>
/// disposes each message when the next one is read, or the stream ends.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class Pooled<T> : IDisposable
    where T : class
{
    private readonly PooledPayloads? _payloads;

    internal Pooled(T message, PooledPayloads? payloads)
    {
        Message = message;
        _payloads = payloads;
    }

    /// <summary>The message; its large payloads are valid until <see cref="Dispose"/>.</summary>
    public T Message { get; }

    /// <summary>Returns the payload buffers to the pool; the message's large fields must not be read after.</summary>
    public void Dispose() => _payloads?.Release();
}
