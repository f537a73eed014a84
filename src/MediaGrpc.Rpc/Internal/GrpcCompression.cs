using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Message compression, https://github.com/grpc/grpc/blob/master/doc/compression.md.
/// <c>grpc-encoding</c> names the algorithm of one direction; each message then says in
/// its compressed flag whether it used it, so a sender may leave single messages plain.
/// gzip is the one algorithm every implementation speaks; identity means none.
/// </summary>
internal static class GrpcCompression
{
    public const string Gzip = "gzip";

    /// <summary>What we accept, sent as <c>grpc-accept-encoding</c> by both sides.</summary>
    public const string AcceptEncoding = "identity,gzip";

    /// <summary>True for encodings this library reads and writes (identity, gzip).</summary>
    public static bool IsSupported(string encoding) =>
        encoding.Equals(GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase)
        || encoding.Equals(Gzip, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The encoding to compress with: null (identity) for null or "identity", "gzip" for gzip.
    /// </summary>
    /// <exception cref="ArgumentException">An encoding this library cannot write.</exception>
    public static string? Normalize(string? encoding)
    {
        if (string.IsNullOrEmpty(encoding) || encoding.Equals(GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (encoding.Equals(Gzip, StringComparison.OrdinalIgnoreCase))
        {
            return Gzip;
        }

        throw new ArgumentException($"Compression '{encoding}' is not supported; use 'gzip' or 'identity'.", nameof(encoding));
    }

    /// <summary>True when a <c>grpc-accept-encoding</c> value (comma-separated) lists <paramref name="encoding"/>.</summary>
    public static bool Accepts(string? acceptEncoding, string encoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return false;
        }

        foreach (var range in acceptEncoding.AsSpan().Split(','))
        {
            if (acceptEncoding.AsSpan()[range].Trim().Equals(encoding, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Inflates one gzip message into a pooled buffer, stopping as soon as it outgrows
    /// <paramref name="maxMessageSize"/>: a small compressed frame cannot make us hold a
    /// large message. The caller returns <paramref name="buffer"/> to <see cref="ArrayPool{T}.Shared"/>.
    /// </summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED past the limit; INTERNAL for data that is not gzip.</exception>
    public static int Decompress(ReadOnlySequence<byte> compressed, int maxMessageSize, out byte[] buffer)
    {
        buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(compressed.Length * 4, 4096), Math.Min(maxMessageSize + 1L, 1 << 20)));
        var length = 0;
        try
        {
            using var source = new GZipStream(new SequenceStream(compressed), CompressionMode.Decompress);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxMessageSize)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxMessageSize + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = source.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (InvalidDataException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            throw new RpcException(StatusCode.Internal, "Could not decompress a gzip message: " + e.Message);
        }

        if (length > maxMessageSize)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Received message larger than max after decompression (more than {maxMessageSize} bytes).");
        }

        return length;
    }

    /// <summary>
    /// Writes <paramref name="message"/> as one gzip-compressed frame (flag 1). The
    /// message is serialized into a pooled buffer first, as the frame's length is that of
    /// the compressed bytes; the send limit applies to the uncompressed size.
    /// </summary>
    public static void WriteCompressedFrame(IBufferWriter<byte> writer, IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {maxMessageSize}).");
        }

        var plain = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            message.WriteTo(plain.AsSpan(0, size));
            using var output = new PooledBufferStream(size / 2 + 64);
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(plain, 0, size);
            }

            var compressed = output.WrittenSpan;
            var header = writer.GetSpan(GrpcFrame.HeaderSize);
            header[0] = 1;
            BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)compressed.Length);
            writer.Advance(GrpcFrame.HeaderSize);
            writer.Write(compressed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }
}
