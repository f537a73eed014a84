using System.Buffers;
using Google.Protobuf;

namespace MediaGrpc.Contracts.Pooling;

/// <summary>The pooled buffers behind one received message's large payloads; returned to the pool on release.</summary>
internal sealed class PooledPayloads
{
    private List<byte[]>? _rented;

    /// <summary>Copies <paramref name="value"/> into a rented buffer and wraps it, without a copy, as a ByteString.</summary>
    public ByteString Copy(ReadOnlySequence<byte> value)
    {
        var length = (int)value.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        value.CopyTo(buffer);
        (_rented ??= []).Add(buffer);
        return UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, length));
    }

    public void Release()
    {
        var rented = Interlocked.Exchange(ref _rented, null);
        if (rented is null)
        {
            return;
        }

        foreach (var buffer in rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
