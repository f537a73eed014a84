using System.Diagnostics.CodeAnalysis;

namespace MediaGrpc.Redis;

/// <summary>The type of a RESP reply, named after the first byte that introduces it on the wire.</summary>
/// <remarks>Spec: https://github.com/redis/redis-specifications/blob/master/protocol/RESP3.md</remarks>
public enum RespType
{
    /// <summary><c>+OK\r\n</c> (RESP2 and RESP3).</summary>
    SimpleString,

    /// <summary><c>-ERR message\r\n</c> (RESP2 and RESP3).</summary>
    SimpleError,

    /// <summary><c>:42\r\n</c> (RESP2 and RESP3).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The RESP spec's own name for the type.")]
    Integer,

    /// <summary><c>$3\r\nfoo\r\n</c>; <c>$-1\r\n</c> is the RESP2 null bulk string.</summary>
    BulkString,

    /// <summary><c>*2\r\n…</c>; <c>*-1\r\n</c> is the RESP2 null array.</summary>
    Array,

    /// <summary><c>_\r\n</c> (RESP3).</summary>
    Null,

    /// <summary><c>#t\r\n</c> or <c>#f\r\n</c> (RESP3).</summary>
    Boolean,

    /// <summary><c>,3.14\r\n</c>, also <c>inf</c>, <c>-inf</c>, <c>nan</c> (RESP3).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The RESP spec's own name for the type.")]
    Double,

    /// <summary><c>(3492890328409238509324850943850943825024385\r\n</c> (RESP3).</summary>
    BigNumber,

    /// <summary><c>!21\r\nSYNTAX invalid syntax\r\n</c> (RESP3).</summary>
    BulkError,

    /// <summary><c>=15\r\ntxt:Some string\r\n</c>: a bulk string with a three-letter format (RESP3).</summary>
    VerbatimString,

    /// <summary><c>%2\r\n…</c>: key and value pairs (RESP3).</summary>
    Map,

    /// <summary><c>~2\r\n…</c>: unordered distinct elements (RESP3).</summary>
    Set,

    /// <summary><c>&gt;3\r\n…</c>: out-of-band data such as pub/sub messages, not a command reply (RESP3).</summary>
    Push,
}
