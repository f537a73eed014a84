using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace MediaGrpc.Redis;

/// <summary>One reply read from a Redis server: an immutable tree of RESP2/RESP3 values.</summary>
/// <remarks>
/// String payloads are copied out of the receive buffer once, when the reply is parsed, so a
/// value stays valid after the connection has moved on. Map and attribute pairs are kept flat
/// in <see cref="Items"/> as key, value, key, value… because RESP3 allows any value as a key.
/// </remarks>
public sealed class RespValue
{
    private static readonly RespValue[] s_noItems = [];

    private readonly byte[]? _bytes;
    private readonly long _integer;
    private readonly double _double;
    private readonly RespValue[] _items;

    private RespValue(
        RespType type,
        bool isNull = false,
        byte[]? bytes = null,
        long integer = 0,
        double @double = 0,
        RespValue[]? items = null,
        string? verbatimFormat = null)
    {
        Type = type;
        IsNull = isNull;
        _bytes = bytes;
        _integer = integer;
        _double = @double;
        _items = items ?? s_noItems;
        VerbatimFormat = verbatimFormat;
    }

    /// <summary>The RESP3 null (<c>_\r\n</c>).</summary>
    public static RespValue Null { get; } = new(RespType.Null, isNull: true);

    /// <summary>The RESP2 null bulk string (<c>$-1\r\n</c>), which is what GET answers for a missing key.</summary>
    public static RespValue NullBulkString { get; } = new(RespType.BulkString, isNull: true);

    /// <summary>The RESP2 null array (<c>*-1\r\n</c>).</summary>
    public static RespValue NullArray { get; } = new(RespType.Array, isNull: true);

    /// <summary>The most common reply of all, <c>+OK\r\n</c>, shared so it costs no allocation.</summary>
    internal static RespValue Ok { get; } = new(RespType.SimpleString, bytes: "OK"u8.ToArray());

    internal static RespValue True { get; } = new(RespType.Boolean, integer: 1);

    internal static RespValue False { get; } = new(RespType.Boolean, integer: 0);

    /// <summary>The reply type, from the first byte on the wire.</summary>
    public RespType Type { get; }

    /// <summary>True for RESP3 null and for the RESP2 null bulk string and null array.</summary>
    public bool IsNull { get; }

    /// <summary>True for a simple error or a bulk error.</summary>
    public bool IsError => Type is RespType.SimpleError or RespType.BulkError;

    /// <summary>True for array, map, set and push replies (not for a null array).</summary>
    public bool IsAggregate => Type is RespType.Array or RespType.Map or RespType.Set or RespType.Push && !IsNull;

    /// <summary>The three-letter format of a verbatim string, such as <c>txt</c> or <c>mkd</c>; otherwise null.</summary>
    public string? VerbatimFormat { get; }

    /// <summary>Elements of an aggregate; for a map, keys and values alternate. Empty for other types.</summary>
    public IReadOnlyList<RespValue> Items => _items;

    /// <summary>
    /// The raw payload of a string-like reply (simple string, errors, bulk string, verbatim string
    /// without its format prefix, big number digits); empty for other types and for null.
    /// </summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>
    /// The payload array itself, or null for a null reply, for callers in this assembly that
    /// hand it on without copying (the value is immutable only as long as nobody writes to it).
    /// </summary>
    /// <exception cref="InvalidCastException">The reply carries no string payload.</exception>
    internal byte[]? GetBytesOrNull() => IsNull ? null : _bytes ?? throw NotConvertible("bytes");

    /// <summary>The payload as UTF-8 text; numbers and booleans as invariant text; null for null replies.</summary>
    /// <exception cref="InvalidCastException">The reply is an aggregate.</exception>
    public string? AsString() => Type switch
    {
        _ when IsNull => null,
        RespType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RespType.Double => _double.ToString("R", CultureInfo.InvariantCulture),
        RespType.Boolean => _integer != 0 ? "true" : "false",
        _ when _bytes is not null => Encoding.UTF8.GetString(_bytes),
        _ => throw NotConvertible("a string"),
    };

    /// <summary>An integer reply, or a string reply holding a 64-bit integer (as GET of a counter answers).</summary>
    /// <exception cref="InvalidCastException">The reply is not an integer.</exception>
    public long AsInt64()
    {
        if (Type is RespType.Integer or RespType.Boolean)
        {
            return _integer;
        }

        if (_bytes is not null && Type is RespType.BulkString or RespType.SimpleString or RespType.BigNumber
            && Utf8Parser.TryParse(_bytes, out long value, out var consumed) && consumed == _bytes.Length)
        {
            return value;
        }

        throw NotConvertible("a 64-bit integer");
    }

    /// <summary>A double, integer, or a string reply holding a number.</summary>
    /// <exception cref="InvalidCastException">The reply is not a number.</exception>
    public double AsDouble()
    {
        switch (Type)
        {
            case RespType.Double:
                return _double;
            case RespType.Integer:
                return _integer;
            case RespType.BulkString or RespType.SimpleString or RespType.BigNumber when _bytes is not null:
                if (double.TryParse(_bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                break;
        }

        throw NotConvertible("a double");
    }

    /// <summary>A RESP3 boolean, or a RESP2 integer 0/1 (as EXPIRE and friends answer).</summary>
    /// <exception cref="InvalidCastException">The reply is neither.</exception>
    public bool AsBoolean() => Type switch
    {
        RespType.Boolean => _integer != 0,
        RespType.Integer when _integer is 0 or 1 => _integer == 1,
        _ => throw NotConvertible("a boolean"),
    };

    /// <summary>A big number, integer, or string reply of decimal digits.</summary>
    /// <exception cref="InvalidCastException">The reply is not an integer of any size.</exception>
    public BigInteger AsBigInteger()
    {
        if (Type is RespType.Integer)
        {
            return _integer;
        }

        if (_bytes is not null && Type is RespType.BigNumber or RespType.BulkString or RespType.SimpleString
            && BigInteger.TryParse(Encoding.ASCII.GetString(_bytes), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw NotConvertible("a big integer");
    }

    /// <summary>A short diagnostic rendering such as <c>BulkString "foo"</c>; never used on the wire.</summary>
    public override string ToString() => Type switch
    {
        _ when IsNull => Type + " (null)",
        RespType.Array or RespType.Map or RespType.Set or RespType.Push => $"{Type} [{_items.Length}]",
        RespType.VerbatimString => $"{Type} {VerbatimFormat}:\"{AsString()}\"",
        _ => $"{Type} \"{AsString()}\"",
    };

    internal static RespValue SimpleString(byte[] bytes) => new(RespType.SimpleString, bytes: bytes);

    internal static RespValue SimpleError(byte[] bytes) => new(RespType.SimpleError, bytes: bytes);

    internal static RespValue BulkString(byte[] bytes) => new(RespType.BulkString, bytes: bytes);

    internal static RespValue BulkError(byte[] bytes) => new(RespType.BulkError, bytes: bytes);

    internal static RespValue BigNumber(byte[] digits) => new(RespType.BigNumber, bytes: digits);

    internal static RespValue Verbatim(string format, byte[] bytes) =>
        new(RespType.VerbatimString, bytes: bytes, verbatimFormat: format);

    internal static RespValue Integer(long value) => new(RespType.Integer, integer: value);

    internal static RespValue Double(double value) => new(RespType.Double, @double: value);

    internal static RespValue Aggregate(RespType type, RespValue[] items) => new(type, items: items);

    private InvalidCastException NotConvertible(string target) =>
        new($"A RESP {Type}{(IsNull ? " (null)" : string.Empty)} reply cannot be read as {target}.");
}
