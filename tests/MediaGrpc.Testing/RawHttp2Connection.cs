using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MediaGrpc.Testing;

/// <summary>
/// A hand-driven HTTP/2 connection over plain TCP (h2c with prior knowledge, RFC 9113 §3.4),
/// for tests of what the server does with frames no well-behaved client sends: floods of
/// resets, streams past the limit, headers that never end.
/// </summary>
/// <remarks>
/// Frame layout (RFC 9113 §4.1): 24-bit length, 8-bit type, 8-bit flags, 1 reserved bit and a
/// 31-bit stream ID, then the payload. Header blocks are HPACK (RFC 7541) built from static-table
/// references and literals without Huffman coding.
/// </remarks>
public sealed class RawHttp2Connection : IDisposable
{
    public const byte Data = 0, Headers = 1, RstStream = 3, Settings = 4, Ping = 6, GoAway = 7, WindowUpdate = 8, Continuation = 9;
    public const byte EndStream = 0x1, EndHeaders = 0x4, Ack = 0x1;

    private readonly TcpClient _tcp;

    private RawHttp2Connection(TcpClient tcp)
    {
        _tcp = tcp;
        Stream = tcp.GetStream();
    }

    public NetworkStream Stream { get; }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>; with <paramref name="preface"/>, sends the preface and an empty SETTINGS.</summary>
    public static async Task<RawHttp2Connection> ConnectAsync(int port, bool preface = true, CancellationToken cancellationToken = default)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var connection = new RawHttp2Connection(tcp);
        if (preface)
        {
            await connection.Stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), cancellationToken);
            await connection.Stream.WriteAsync(Frame(Settings, 0, 0, []), cancellationToken);
        }

        return connection;
    }

    /// <summary>One frame: header and payload.</summary>
    public static byte[] Frame(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame.AsSpan(9));
        return frame;
    }

    /// <summary>
    /// The HPACK block of a gRPC request: :method POST (static index 3), :scheme http (6),
    /// :path and :authority as literals without indexing, content-type application/grpc and
    /// te trailers as literals with new names.
    /// </summary>
    public static byte[] GrpcRequestHeaders(string path, string authority = "127.0.0.1", IEnumerable<(string Name, string Value)>? metadata = null)
    {
        var block = new MemoryStream();
        block.Write([0x83, 0x86]);
        Literal(block, nameIndex: 4, path);       // :path
        Literal(block, nameIndex: 1, authority);  // :authority
        Literal(block, nameIndex: 31, "application/grpc"); // content-type
        LiteralNewName(block, "te", "trailers");
        foreach (var (name, value) in metadata ?? [])
        {
            LiteralNewName(block, name, value);
        }

        return block.ToArray();
    }

    /// <summary>
    /// A header block of any size as frames: HEADERS, then CONTINUATIONs of at most 16 KiB
    /// (the default SETTINGS_MAX_FRAME_SIZE), END_HEADERS on the last.
    /// </summary>
    public static byte[] HeaderFrames(int streamId, byte[] block, byte flags = 0)
    {
        const int MaxFrame = 16 * 1024;
        var frames = new MemoryStream();
        for (var offset = 0; offset < block.Length || offset == 0; offset += MaxFrame)
        {
            var length = Math.Min(MaxFrame, block.Length - offset);
            var last = offset + length >= block.Length;
            var type = offset == 0 ? Headers : Continuation;
            var frameFlags = (byte)((offset == 0 ? flags : 0) | (last ? EndHeaders : 0));
            frames.Write(Frame(type, frameFlags, streamId, block.AsSpan(offset, length)));
        }

        return frames.ToArray();
    }

    /// <summary>Reads frames until the server closes the connection or <paramref name="until"/> passes; returns what it saw.</summary>
    public async Task<List<(byte Type, byte Flags, int StreamId, byte[] Payload)>> ReadFramesAsync(TimeSpan until, Func<(byte Type, byte Flags, int StreamId, byte[] Payload), bool>? stopWhen = null)
    {
        var frames = new List<(byte, byte, int, byte[])>();
        using var limit = new CancellationTokenSource(until);
        var header = new byte[9];
        try
        {
            while (true)
            {
                await Stream.ReadExactlyAsync(header, limit.Token);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var payload = new byte[length];
                await Stream.ReadExactlyAsync(payload, limit.Token);
                var frame = (header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue, payload);
                frames.Add(frame);
                if (stopWhen?.Invoke(frame) == true)
                {
                    return frames;
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException)
        {
            Closed = e is not OperationCanceledException;
            return frames;
        }
    }

    /// <summary>Whether the last <see cref="ReadFramesAsync"/> ended because the server closed the connection.</summary>
    public bool Closed { get; private set; }

    public void Dispose() => _tcp.Dispose();

    private static void Literal(MemoryStream block, int nameIndex, string value)
    {
        // Literal without indexing, indexed name (RFC 7541 §6.2.2): 0000 + 4-bit prefix index.
        WriteInteger(block, 0x00, 4, nameIndex);
        WriteString(block, value);
    }

    private static void LiteralNewName(MemoryStream block, string name, string value)
    {
        block.WriteByte(0x00);
        WriteString(block, name);
        WriteString(block, value);
    }

    private static void WriteString(MemoryStream block, string value)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(value);
        WriteInteger(block, 0x00, 7, bytes.Length);
        block.Write(bytes);
    }

    // RFC 7541 §5.1: an integer in an N-bit prefix, continued in 7-bit groups.
    private static void WriteInteger(MemoryStream block, byte flags, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.WriteByte((byte)(flags | value));
            return;
        }

        block.WriteByte((byte)(flags | max));
        value -= max;
        while (value >= 128)
        {
            block.WriteByte((byte)((value % 128) + 128));
            value /= 128;
        }

        block.WriteByte((byte)value);
    }
}
