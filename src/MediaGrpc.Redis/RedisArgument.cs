using System.Globalization;
using System.Text;
using MediaGrpc.Redis.Internal;

namespace MediaGrpc.Redis;

/// <summary>
/// One argument of a Redis command, kept as the caller gave it (text, bytes or a number) and
/// encoded as a bulk string straight into the connection's output buffer.
/// </summary>
/// <remarks>
/// Conversions are implicit so commands read naturally:
/// <c>connection.ExecuteAsync("SET", [key, payload, "PX", 5000], cancellationToken)</c>.
/// Text is sent as UTF-8; numbers as invariant decimal text, as Redis expects.
/// </remarks>
public readonly struct RedisArgument : IEquatable<RedisArgument>
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly double _double;

    private RedisArgument(RedisArgumentKind kind, string? text = null, ReadOnlyMemory<byte> bytes = default, long integer = 0, double @double = 0)
    {
        Kind = kind;
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _double = @double;
    }

    internal RedisArgumentKind Kind { get; }

    internal string Text => _text ?? string.Empty;

    internal ReadOnlyMemory<byte> Bytes => _bytes;

    internal long Integer => _integer;

    internal double Double => _double;

    public static implicit operator RedisArgument(string text) => FromString(text);

    public static implicit operator RedisArgument(byte[] bytes) => FromBytes(bytes);

    public static implicit operator RedisArgument(ReadOnlyMemory<byte> bytes) => FromBytes(bytes);

    public static implicit operator RedisArgument(int value) => FromInt64(value);

    public static implicit operator RedisArgument(long value) => FromInt64(value);

    public static implicit operator RedisArgument(double value) => FromDouble(value);

    public static bool operator ==(RedisArgument left, RedisArgument right) => left.Equals(right);

    public static bool operator !=(RedisArgument left, RedisArgument right) => !left.Equals(right);

    /// <summary>Text, sent as UTF-8.</summary>
    public static RedisArgument FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(RedisArgumentKind.Text, text: text);
    }

    /// <summary>Bytes, sent as they are. The memory must not change until the command is written.</summary>
    public static RedisArgument FromBytes(ReadOnlyMemory<byte> bytes) => new(RedisArgumentKind.Bytes, bytes: bytes);

    /// <summary>An integer, sent as decimal text.</summary>
    public static RedisArgument FromInt64(long value) => new(RedisArgumentKind.Integer, integer: value);

    /// <summary>A floating-point number, sent as round-trip text; infinities as <c>+inf</c>/<c>-inf</c>.</summary>
    public static RedisArgument FromDouble(double value) => new(RedisArgumentKind.Double, @double: value);

    public bool Equals(RedisArgument other) => Kind == other.Kind && Kind switch
    {
        RedisArgumentKind.Text => string.Equals(_text, other._text, StringComparison.Ordinal),
        RedisArgumentKind.Bytes => _bytes.Span.SequenceEqual(other._bytes.Span),
        RedisArgumentKind.Integer => _integer == other._integer,
        _ => _double.Equals(other._double),
    };

    public override bool Equals(object? obj) => obj is RedisArgument other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        RedisArgumentKind.Text => StringComparer.Ordinal.GetHashCode(Text),
        RedisArgumentKind.Bytes => _bytes.Length,
        RedisArgumentKind.Integer => _integer.GetHashCode(),
        _ => _double.GetHashCode(),
    };

    /// <summary>The argument as text, for diagnostics; bytes are shown as UTF-8.</summary>
    public override string ToString() => Kind switch
    {
        RedisArgumentKind.Text => Text,
        RedisArgumentKind.Bytes => Encoding.UTF8.GetString(_bytes.Span),
        RedisArgumentKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => _double.ToString("R", CultureInfo.InvariantCulture),
    };
}
