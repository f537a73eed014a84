using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// The gRPC length-prefixed message, https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md#requests
/// <code>
/// +------------------+-----------------------------------+----------------------+
/// | Compressed-Flag  | Message-Length                    | Message              |
/// | 1 byte (0 or 1)  | 4 bytes, unsigned big-endian      | Message-Length bytes |
/// +------------------+-----------------------------------+----------------------+
/// </code>
/// </summary>
internal static class GrpcFrame
{
    /// <summary>Size of the compressed flag plus the length.</summary>
    public const int HeaderSize = 5;

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>. Returns false,
    /// consuming nothing, when more bytes are needed. The size limit is checked from the
    /// prefix, before waiting for (and buffering) the body.
    /// </summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED over the limit; INTERNAL for a bad flag.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> message) =>
        TryRead(ref buffer, maxMessageSize, compressionNegotiated: false, out message, out _);

    /// <summary>
    /// As <see cref="TryRead(ref ReadOnlySequence{byte}, int, out ReadOnlySequence{byte})"/>,
    /// for a stream whose <c>grpc-encoding</c> names a compression: a message may then
    /// come compressed (<paramref name="compressed"/>), to be inflated by the caller.
    /// </summary>
    public static bool TryRead(
        ref ReadOnlySequence<byte> buffer,
        int maxMessageSize,
        bool compressionNegotiated,
        out ReadOnlySequence<byte> message,
        out bool compressed)
    {
        message = default;
        compressed = false;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var flag = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);

        if (flag == 1 && !compressionNegotiated)
        {
            // Compression is negotiated by grpc-encoding; without one, the flag is a protocol error.
            throw new RpcException(StatusCode.Internal, "Received a compressed message, but no grpc-encoding was negotiated.");
        }

        if (flag > 1)
        {
            throw new RpcException(StatusCode.Internal, $"Received a message with an invalid compressed flag ({flag}).");
        }

        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {maxMessageSize}).");
        }

        if (buffer.Length < HeaderSize + length)
        {
            return false;
        }

        compressed = flag == 1;
        message = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(message.End);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="message"/> as one uncompressed frame straight into the
    /// writer: no intermediate copy of the serialized message.
    /// </summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED when the message exceeds the send limit.</exception>
    public static void Write(IBufferWriter<byte> writer, IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {maxMessageSize}).");
        }

        var header = writer.GetSpan(HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        writer.Advance(HeaderSize);
        if (size > 0)
        {
            message.WriteTo(writer);
        }
    }
}
