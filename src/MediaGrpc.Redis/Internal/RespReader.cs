using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MediaGrpc.Redis.Internal;

/// <summary>Parses RESP2 and RESP3 replies from received bytes.</summary>
/// <remarks>
/// Spec: https://github.com/redis/redis-specifications/blob/master/protocol/RESP3.md
/// (RESP2 is the subset of the first five types.)
/// <code>
///   +text CRLF                 simple string     -text CRLF              simple error
///   :int64 CRLF                integer           _ CRLF                  null
///   #t CRLF | #f CRLF          boolean           ,1.5 CRLF | ,inf | ,nan double
///   (digits CRLF               big number
///   $len CRLF bytes CRLF       bulk string       $-1 CRLF                null bulk string (RESP2)
///   !len CRLF bytes CRLF       bulk error        =len CRLF fmt:bytes CRLF verbatim (fmt is 3 bytes)
///   *n CRLF value×n            array             *-1 CRLF                null array (RESP2)
///   ~n CRLF value×n            set               >n CRLF value×n         push
///   %n CRLF (key value)×n      map               |n CRLF (key value)×n   attribute, then the value it annotates
/// </code>
/// A reply is read whole or not at all: <see cref="TryRead"/> returns false and leaves the
/// buffer untouched while bytes are missing, so the caller can mark everything examined and
/// wait for more. Limits are checked from the header line before waiting for the body.
/// Attributes are parsed and dropped (nothing in Redis needs them yet). Streamed strings and
/// aggregates (<c>$?</c>, <c>*?</c>) are rejected: Redis does not send them.
/// </remarks>
internal static partial class RespReader
{
    // Length, count and integer lines hold at most 20 characters ("-9223372036854775808").
    private const int NumberLineMax = 32;

    // "%.17g" renders any double in under 25 characters; leave room for other servers.
    private const int DoubleLineMax = 128;

    // The shortest possible value is three bytes ("_\r\n", "+\r\n"), so an aggregate of n
    // elements cannot be complete in fewer than 3n bytes: no need to allocate for it yet.
    private const int MinValueLength = 3;

    /// <summary>Reads one complete reply from the start of <paramref name="buffer"/>.</summary>
    /// <returns>
    /// True with <paramref name="buffer"/> sliced past the reply; false when more bytes are
    /// needed, with <paramref name="buffer"/> unchanged.
    /// </returns>
    /// <exception cref="RespProtocolException">The bytes are not RESP, or break a limit.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, in RespReaderLimits limits, [NotNullWhen(true)] out RespValue? value)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryReadValue(ref reader, limits, depth: 0, out value))
        {
            value = null;
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static bool TryReadValue(ref SequenceReader<byte> reader, in RespReaderLimits limits, int depth, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        byte type;

        // An attribute annotates the value that follows it; skip it and read that value.
        while (true)
        {
            if (!reader.TryRead(out type))
            {
                return false;
            }

            if (type != (byte)'|')
            {
                break;
            }

            if (!TryReadAggregate(ref reader, limits, depth, RespType.Map, out _))
            {
                return false;
            }
        }

        return type switch
        {
            (byte)'+' => TryReadLineValue(ref reader, limits, RespType.SimpleString, out value),
            (byte)'-' => TryReadLineValue(ref reader, limits, RespType.SimpleError, out value),
            (byte)'(' => TryReadLineValue(ref reader, limits, RespType.BigNumber, out value),
            (byte)':' => TryReadInteger(ref reader, out value),
            (byte)'_' => TryReadNull(ref reader, out value),
            (byte)'#' => TryReadBoolean(ref reader, out value),
            (byte)',' => TryReadDouble(ref reader, out value),
            (byte)'$' => TryReadBulk(ref reader, limits, RespType.BulkString, out value),
            (byte)'!' => TryReadBulk(ref reader, limits, RespType.BulkError, out value),
            (byte)'=' => TryReadBulk(ref reader, limits, RespType.VerbatimString, out value),
            (byte)'*' => TryReadAggregate(ref reader, limits, depth, RespType.Array, out value),
            (byte)'~' => TryReadAggregate(ref reader, limits, depth, RespType.Set, out value),
            (byte)'>' => TryReadAggregate(ref reader, limits, depth, RespType.Push, out value),
            (byte)'%' => TryReadAggregate(ref reader, limits, depth, RespType.Map, out value),
            _ => throw RespProtocolErrors.UnknownType(type),
        };
    }

    private static bool TryReadLineValue(ref SequenceReader<byte> reader, in RespReaderLimits limits, RespType type, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLine(ref reader, limits.MaxLineLength, out var line))
        {
            return false;
        }

        if (type == RespType.SimpleString && line.Length == 2 && line.FirstSpan.Length == 2 && line.FirstSpan.SequenceEqual("OK"u8))
        {
            value = RespValue.Ok;
            return true;
        }

        var bytes = line.ToArray();
        value = type switch
        {
            RespType.SimpleString => RespValue.SimpleString(bytes),
            RespType.SimpleError => RespValue.SimpleError(bytes),
            _ => RespValue.BigNumber(ValidateBigNumber(bytes)),
        };
        return true;
    }

    private static bool TryReadInteger(ref SequenceReader<byte> reader, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLine(ref reader, NumberLineMax, out var line))
        {
            return false;
        }

        value = RespValue.Integer(ParseInt64(line, "integer"));
        return true;
    }

    private static bool TryReadNull(ref SequenceReader<byte> reader, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLine(ref reader, NumberLineMax, out var line))
        {
            return false;
        }

        if (line.Length != 0)
        {
            throw RespProtocolErrors.BadNull();
        }

        value = RespValue.Null;
        return true;
    }

    private static bool TryReadBoolean(ref SequenceReader<byte> reader, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLine(ref reader, NumberLineMax, out var line))
        {
            return false;
        }

        value = line.Length != 1 ? null : line.FirstSpan[0] switch
        {
            (byte)'t' => RespValue.True,
            (byte)'f' => RespValue.False,
            _ => null,
        };
        return value is not null ? true : throw RespProtocolErrors.BadBoolean();
    }

    private static bool TryReadDouble(ref SequenceReader<byte> reader, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLine(ref reader, DoubleLineMax, out var line))
        {
            return false;
        }

        Span<byte> scratch = stackalloc byte[DoubleLineMax];
        var text = Flatten(line, scratch);
        double number;
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
        {
            number = double.PositiveInfinity;
        }
        else if (text.SequenceEqual("-inf"u8))
        {
            number = double.NegativeInfinity;
        }
        else if (text.SequenceEqual("nan"u8))
        {
            number = double.NaN;
        }
        else if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out number))
        {
            throw RespProtocolErrors.BadNumber("double");
        }

        value = RespValue.Double(number);
        return true;
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, in RespReaderLimits limits, RespType type, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLength(ref reader, "bulk length", out var length))
        {
            return false;
        }

        if (length == -1 && type == RespType.BulkString)
        {
            value = RespValue.NullBulkString;
            return true;
        }

        if (length < 0)
        {
            throw RespProtocolErrors.NegativeLength("bulk length", length);
        }

        if (length > limits.MaxBulkLength)
        {
            throw RespProtocolErrors.BulkTooLong(length, limits.MaxBulkLength);
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        string? format = null;
        if (type == RespType.VerbatimString)
        {
            Span<byte> prefix = stackalloc byte[4];
            if (length < 4 || !reader.TryCopyTo(prefix) || prefix[3] != (byte)':')
            {
                throw RespProtocolErrors.BadVerbatim();
            }

            format = Encoding.ASCII.GetString(prefix[..3]);
            reader.Advance(4);
            length -= 4;
        }

        var bytes = length == 0 ? [] : new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw RespProtocolErrors.MissingTerminator();
        }

        value = type switch
        {
            RespType.BulkString => RespValue.BulkString(bytes),
            RespType.BulkError => RespValue.BulkError(bytes),
            _ => RespValue.Verbatim(format!, bytes),
        };
        return true;
    }

    // Reads an aggregate header and its elements. Called with Map for both maps and attributes:
    // each of their n entries is two values.
    private static bool TryReadAggregate(ref SequenceReader<byte> reader, in RespReaderLimits limits, int depth, RespType type, out RespValue? value)
    {
        value = null;
        if (!TryReadLength(ref reader, "aggregate count", out var count))
        {
            return false;
        }

        if (count == -1 && type == RespType.Array)
        {
            value = RespValue.NullArray;
            return true;
        }

        if (count < 0)
        {
            throw RespProtocolErrors.NegativeLength("aggregate count", count);
        }

        var perEntry = type == RespType.Map ? 2 : 1;
        if (count > limits.MaxAggregateCount / perEntry)
        {
            throw RespProtocolErrors.AggregateTooLarge(count * perEntry, limits.MaxAggregateCount);
        }

        if (depth >= limits.MaxDepth)
        {
            throw RespProtocolErrors.TooDeep(limits.MaxDepth);
        }

        var length = (int)count * perEntry;
        if (reader.Remaining < (long)length * MinValueLength)
        {
            return false;
        }

        var items = length == 0 ? [] : new RespValue[length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryReadValue(ref reader, limits, depth + 1, out var item))
            {
                return false;
            }

            items[i] = item;
        }

        value = RespValue.Aggregate(type, items);
        return true;
    }
}
