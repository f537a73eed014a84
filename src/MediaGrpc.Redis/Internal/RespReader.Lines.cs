using System.Buffers;
using System.Buffers.Text;

namespace MediaGrpc.Redis.Internal;

// Line-level pieces of the reader: CRLF-terminated lines with their length limits, and the
// numbers they carry. Spec: https://github.com/redis/redis-specifications/blob/master/protocol/RESP3.md
internal static partial class RespReader
{
    private static bool TryReadLength(ref SequenceReader<byte> reader, string what, out long length)
    {
        length = 0;
        if (!TryReadLine(ref reader, NumberLineMax, out var line))
        {
            return false;
        }

        if (line.Length == 1 && line.FirstSpan[0] == (byte)'?')
        {
            throw RespProtocolErrors.Streamed();
        }

        length = ParseInt64(line, what);
        return true;
    }

    // A line runs to CRLF. Without a CR in sight, more than maxLength buffered bytes already
    // prove the line too long, so the limit holds before the line is complete.
    private static bool TryReadLine(ref SequenceReader<byte> reader, int maxLength, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true))
        {
            return reader.Remaining > maxLength ? throw RespProtocolErrors.LineTooLong(maxLength) : false;
        }

        if (line.Length > maxLength)
        {
            throw RespProtocolErrors.LineTooLong(maxLength);
        }

        if (!reader.TryRead(out var lineFeed))
        {
            return false;
        }

        if (lineFeed != (byte)'\n')
        {
            throw RespProtocolErrors.MissingLineFeed();
        }

        if (line.PositionOf((byte)'\n') is not null)
        {
            throw RespProtocolErrors.LineFeedInLine();
        }

        return true;
    }

    private static long ParseInt64(in ReadOnlySequence<byte> line, string what)
    {
        Span<byte> scratch = stackalloc byte[NumberLineMax];
        var text = Flatten(line, scratch);
        if (text.IsEmpty || text[0] == (byte)'+'
            || !Utf8Parser.TryParse(text, out long value, out var consumed) || consumed != text.Length)
        {
            throw RespProtocolErrors.BadNumber(what);
        }

        return value;
    }

    private static byte[] ValidateBigNumber(byte[] digits)
    {
        var start = digits.Length > 0 && digits[0] == (byte)'-' ? 1 : 0;
        if (start == digits.Length)
        {
            throw RespProtocolErrors.BadNumber("big number");
        }

        for (var i = start; i < digits.Length; i++)
        {
            if (digits[i] is < (byte)'0' or > (byte)'9')
            {
                throw RespProtocolErrors.BadNumber("big number");
            }
        }

        return digits;
    }

    // Callers bound the line length by the scratch size through TryReadLine's maxLength.
    private static ReadOnlySpan<byte> Flatten(in ReadOnlySequence<byte> line, Span<byte> scratch)
    {
        if (line.IsSingleSegment)
        {
            return line.FirstSpan;
        }

        var target = scratch[..(int)line.Length];
        line.CopyTo(target);
        return target;
    }
}
