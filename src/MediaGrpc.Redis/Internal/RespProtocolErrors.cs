namespace MediaGrpc.Redis.Internal;

/// <summary>Builds every <see cref="RespProtocolException"/> the reader throws, so messages stay consistent.</summary>
internal static class RespProtocolErrors
{
    public static RespProtocolException UnknownType(byte type) =>
        new($"Unknown RESP type byte 0x{type:X2} ('{(type is >= 0x20 and < 0x7F ? (char)type : '?')}').");

    public static RespProtocolException MissingLineFeed() =>
        new("A RESP line ends with CR not followed by LF.");

    public static RespProtocolException LineFeedInLine() =>
        new("A RESP line contains a bare LF.");

    public static RespProtocolException LineTooLong(int maxLength) =>
        new($"A RESP line is longer than the limit of {maxLength} bytes.");

    public static RespProtocolException BadNumber(string what) =>
        new($"The RESP {what} is not a valid number.");

    public static RespProtocolException NegativeLength(string what, long length) =>
        new($"The RESP {what} {length} is negative.");

    public static RespProtocolException BulkTooLong(long length, long maxLength) =>
        new($"A RESP bulk payload of {length} bytes exceeds the limit of {maxLength} bytes.");

    public static RespProtocolException AggregateTooLarge(long count, int maxCount) =>
        new($"A RESP aggregate of {count} elements exceeds the limit of {maxCount}.");

    public static RespProtocolException TooDeep(int maxDepth) =>
        new($"RESP aggregates nest deeper than the limit of {maxDepth}.");

    public static RespProtocolException MissingTerminator() =>
        new("A RESP bulk payload is not followed by CRLF.");

    public static RespProtocolException BadNull() =>
        new("A RESP3 null must be exactly '_' CRLF.");

    public static RespProtocolException BadBoolean() =>
        new("A RESP3 boolean must be 't' or 'f'.");

    public static RespProtocolException BadVerbatim() =>
        new("A RESP3 verbatim string must start with a three-byte format and ':'.");

    public static RespProtocolException Streamed() =>
        new("RESP3 streamed strings and aggregates (length '?') are not supported.");

    public static RespProtocolException UnexpectedReply() =>
        new("Redis sent a reply while no command was waiting for one.");
}
