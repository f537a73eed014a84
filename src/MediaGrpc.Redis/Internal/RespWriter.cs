using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MediaGrpc.Redis.Internal;

/// <summary>Encodes commands the way Redis expects them from clients: an array of bulk strings.</summary>
/// <remarks>
/// Spec: https://github.com/redis/redis-specifications/blob/master/protocol/RESP2.md#sending-commands-to-a-redis-server
/// <code>
///   *&lt;1 + argument count&gt; CRLF
///   $&lt;byte length&gt; CRLF &lt;command name&gt; CRLF
///   $&lt;byte length&gt; CRLF &lt;argument bytes&gt; CRLF      (once per argument)
/// </code>
/// Everything is written straight into the output buffer: text is UTF-8 encoded in place and
/// numbers are formatted into the span, so no argument is ever turned into an intermediate string.
/// </remarks>
internal static class RespWriter
{
    // "*" or "$", a 64-bit length, CRLF.
    private const int HeaderMax = 1 + 20 + 2;

    // Text up to this many bytes is encoded into one contiguous span; longer text is encoded
    // in chunks so a large value never needs a contiguous buffer of its size.
    private const int ContiguousTextMax = 4096;

    public static void WriteCommand(IBufferWriter<byte> writer, string command, IReadOnlyList<RedisArgument> arguments)
    {
        WriteHeader(writer, (byte)'*', arguments.Count + 1);
        WriteText(writer, command);
        for (var i = 0; i < arguments.Count; i++)
        {
            WriteArgument(writer, arguments[i]);
        }
    }

    private static void WriteArgument(IBufferWriter<byte> writer, in RedisArgument argument)
    {
        switch (argument.Kind)
        {
            case RedisArgumentKind.Text:
                WriteText(writer, argument.Text);
                break;
            case RedisArgumentKind.Bytes:
                WriteHeader(writer, (byte)'$', argument.Bytes.Length);
                writer.Write(argument.Bytes.Span);
                WriteCrlf(writer);
                break;
            case RedisArgumentKind.Integer:
                {
                    Span<byte> digits = stackalloc byte[20];
                    Utf8Formatter.TryFormat(argument.Integer, digits, out var written);
                    WriteBulk(writer, digits[..written]);
                    break;
                }

            default:
                {
                    Span<byte> text = stackalloc byte[32];
                    var written = FormatDouble(argument.Double, text);
                    WriteBulk(writer, text[..written]);
                    break;
                }
        }
    }

    private static void WriteText(IBufferWriter<byte> writer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteHeader(writer, (byte)'$', length);
        if (length <= ContiguousTextMax)
        {
            var span = writer.GetSpan(length + 2);
            Encoding.UTF8.GetBytes(text, span);
            span[length] = (byte)'\r';
            span[length + 1] = (byte)'\n';
            writer.Advance(length + 2);
            return;
        }

        Encoding.UTF8.GetBytes(text.AsSpan(), writer);
        WriteCrlf(writer);
    }

    private static void WriteBulk(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        WriteHeader(writer, (byte)'$', payload.Length);
        var span = writer.GetSpan(payload.Length + 2);
        payload.CopyTo(span);
        span[payload.Length] = (byte)'\r';
        span[payload.Length + 1] = (byte)'\n';
        writer.Advance(payload.Length + 2);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, long length)
    {
        var span = writer.GetSpan(HeaderMax);
        span[0] = prefix;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        writer.Advance(written + 3);
    }

    private static void WriteCrlf(IBufferWriter<byte> writer) => writer.Write("\r\n"u8);

    // Redis parses doubles with strtod-like rules and spells infinities "+inf"/"-inf".
    private static int FormatDouble(double value, Span<byte> destination)
    {
        if (double.IsPositiveInfinity(value))
        {
            "+inf"u8.CopyTo(destination);
            return 4;
        }

        if (double.IsNegativeInfinity(value))
        {
            "-inf"u8.CopyTo(destination);
            return 4;
        }

        value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture);
        return written;
    }
}
