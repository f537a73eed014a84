using System.Text;

namespace MediaGrpc.Redis.Tests.Internal;

/// <summary>
/// Replies as they appear on the wire, each with its expected rendering by
/// <see cref="Support.RespDescriber"/>. Wire text is Latin-1, so "\xFF" is the byte 0xFF.
/// Examples follow https://github.com/redis/redis-specifications/blob/master/protocol/RESP3.md.
/// </summary>
internal static class RespSamples
{
    public static readonly IReadOnlyDictionary<string, (string Wire, string Expected)> Valid =
        new Dictionary<string, (string Wire, string Expected)>
        {
            ["simple string OK"] = ("+OK\r\n", "simple:OK"),
            ["simple string PONG"] = ("+PONG\r\n", "simple:PONG"),
            ["empty simple string"] = ("+\r\n", "simple:"),
            ["simple error"] = ("-ERR unknown command 'FOO'\r\n", "error:ERR unknown command 'FOO'"),
            ["integer zero"] = (":0\r\n", "int:0"),
            ["integer min"] = (":-9223372036854775808\r\n", "int:-9223372036854775808"),
            ["integer max"] = (":9223372036854775807\r\n", "int:9223372036854775807"),
            ["bulk string"] = ("$5\r\nhello\r\n", "bulk:hello"),
            ["empty bulk string"] = ("$0\r\n\r\n", "bulk:"),
            ["bulk string holding CRLF"] = ("$6\r\n\r\n\r\n\r\n\r\n", "bulk:\\x0D\\x0A\\x0D\\x0A\\x0D\\x0A"),
            ["binary bulk string"] = ("$4\r\n\x00\xFF\x80\x7F\r\n", "bulk:\\x00\\xFF\\x80\\x7F"),
            ["null bulk string"] = ("$-1\r\n", "bulk:null"),
            ["array"] = ("*2\r\n$3\r\nfoo\r\n:42\r\n", "[bulk:foo, int:42]"),
            ["empty array"] = ("*0\r\n", "[]"),
            ["null array"] = ("*-1\r\n", "array:null"),
            ["nested arrays"] = ("*2\r\n*1\r\n+a\r\n*0\r\n", "[[simple:a], []]"),
            ["array with nulls"] = ("*3\r\n$1\r\na\r\n$-1\r\n_\r\n", "[bulk:a, bulk:null, null]"),
            ["null"] = ("_\r\n", "null"),
            ["true"] = ("#t\r\n", "bool:true"),
            ["false"] = ("#f\r\n", "bool:false"),
            ["double"] = (",3.14\r\n", "double:3.14"),
            ["double with exponent"] = (",-1.5e10\r\n", "double:-15000000000"),
            ["integral double"] = (",10\r\n", "double:10"),
            ["infinity"] = (",inf\r\n", "double:Infinity"),
            ["negative infinity"] = (",-inf\r\n", "double:-Infinity"),
            ["not a number"] = (",nan\r\n", "double:NaN"),
            ["big number"] = ("(3492890328409238509324850943850943825024385\r\n", "big:3492890328409238509324850943850943825024385"),
            ["negative big number"] = ("(-3492890328409238509324850943850943825024385\r\n", "big:-3492890328409238509324850943850943825024385"),
            ["bulk error"] = ("!21\r\nSYNTAX invalid syntax\r\n", "bulkerror:SYNTAX invalid syntax"),
            ["verbatim string"] = ("=15\r\ntxt:Some string\r\n", "verbatim(txt):Some string"),
            ["empty verbatim string"] = ("=4\r\nmkd:\r\n", "verbatim(mkd):"),
            ["map"] = ("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", "{simple:first: int:1, simple:second: int:2}"),
            ["empty map"] = ("%0\r\n", "{}"),
            ["set"] = ("~3\r\n+a\r\n+b\r\n:1\r\n", "set[simple:a, simple:b, int:1]"),
            ["push"] = (">3\r\n+message\r\n+channel\r\n$5\r\nhello\r\n", "push[simple:message, simple:channel, bulk:hello]"),
            ["attribute before a reply"] = (
                "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
                "[int:2039123, int:9543892]"),
            ["attribute before an element"] = ("*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nx\r\n:5\r\n", "[bulk:x, int:5]"),
            ["map of aggregates"] = (
                "%1\r\n*2\r\n:1\r\n:2\r\n~1\r\n%1\r\n+k\r\n=7\r\ntxt:abc\r\n",
                "{[int:1, int:2]: set[{simple:k: verbatim(txt):abc}]}"),
        };

    public static readonly IReadOnlyDictionary<string, string> Malformed = new Dictionary<string, string>
    {
        ["unknown type byte"] = "?foo\r\n",
        ["inline text instead of a reply"] = "hello\r\n",
        ["integer with letters"] = ":abc\r\n",
        ["empty integer"] = ":\r\n",
        ["integer with plus sign"] = ":+5\r\n",
        ["integer with a space"] = ":1 2\r\n",
        ["integer overflow"] = ":9223372036854775808\r\n",
        ["integer line too long"] = ":" + new string('1', 40) + "\r\n",
        ["CR not followed by LF"] = "+OK\rX\n",
        ["bare LF inside a line"] = "+O\nK\r\n",
        ["bulk length below -1"] = "$-2\r\n",
        ["bulk length not a number"] = "$x\r\n",
        ["bulk payload longer than announced"] = "$3\r\nfooXY",
        ["null bulk error"] = "!-1\r\n",
        ["null verbatim string"] = "=-1\r\n",
        ["null with content"] = "_x\r\n",
        ["boolean other than t or f"] = "#x\r\n",
        ["empty boolean"] = "#\r\n",
        ["double with letters"] = ",abc\r\n",
        ["empty double"] = ",\r\n",
        ["big number with letters"] = "(12a\r\n",
        ["empty big number"] = "(\r\n",
        ["big number of just a sign"] = "(-\r\n",
        ["verbatim string without colon"] = "=5\r\ntxtxy\r\n",
        ["verbatim string shorter than its format"] = "=2\r\nab\r\n",
        ["aggregate count below -1"] = "*-2\r\n",
        ["null map"] = "%-1\r\n",
        ["null set"] = "~-1\r\n",
        ["streamed string"] = "$?\r\n;4\r\nHell\r\n;0\r\n",
        ["streamed array"] = "*?\r\n:1\r\n.\r\n",
        ["bad element inside an array"] = "*2\r\n:1\r\n:x\r\n",
    };

    public static TheoryData<string> ValidNames => [.. Valid.Keys];

    public static TheoryData<string> MalformedNames => [.. Malformed.Keys];

    public static byte[] Bytes(string wire) => Encoding.Latin1.GetBytes(wire);
}
