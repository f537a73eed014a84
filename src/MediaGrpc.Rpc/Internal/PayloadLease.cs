using System.Buffers;
using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>The pooled buffers behind the payloads of the message read last; released when the next is read or the call ends.</summary>
internal sealed class PayloadLease
{
    private readonly List<byte[]> _rented = [];

    /// <summary>Copies <paramref name="value"/> into a rented buffer and wraps it, without a copy, as a ByteString.</summary>
    public ByteString Copy(System.Buffers.ReadOnlySequence<byte> value)
    {
        var length = (int)value.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        value.CopyTo(buffer);
        lock (_rented)
        {
            _rented.Add(buffer);
        }

        return UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, length));
    }

    public void Release()
    {
        lock (_rented)
        {
            foreach (var buffer in _rented)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _rented.Clear();
        }
    }
}
