using System.Globalization;
using System.Text;

namespace MediaGrpc.Redis.Tests.Support;

/// <summary>Renders a reply as compact text (<c>[bulk:foo, int:42]</c>) so tests compare whole trees at once.</summary>
internal static class RespDescriber
{
    public static string Describe(RespValue value) => value.Type switch
    {
        RespType.Null => "null",
        RespType.BulkString when value.IsNull => "bulk:null",
        RespType.Array when value.IsNull => "array:null",
        RespType.SimpleString => "simple:" + Escape(value.Bytes.Span),
        RespType.SimpleError => "error:" + Escape(value.Bytes.Span),
        RespType.BulkString => "bulk:" + Escape(value.Bytes.Span),
        RespType.BulkError => "bulkerror:" + Escape(value.Bytes.Span),
        RespType.BigNumber => "big:" + Escape(value.Bytes.Span),
        RespType.VerbatimString => $"verbatim({value.VerbatimFormat}):" + Escape(value.Bytes.Span),
        RespType.Integer => "int:" + value.AsInt64().ToString(CultureInfo.InvariantCulture),
        RespType.Boolean => value.AsBoolean() ? "bool:true" : "bool:false",
        RespType.Double => "double:" + value.AsDouble().ToString("R", CultureInfo.InvariantCulture),
        RespType.Array => "[" + Join(value.Items) + "]",
        RespType.Set => "set[" + Join(value.Items) + "]",
        RespType.Push => "push[" + Join(value.Items) + "]",
        RespType.Map => "{" + JoinPairs(value.Items) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Type, "Unknown reply type."),
    };

    private static string Join(IReadOnlyList<RespValue> items) => string.Join(", ", items.Select(Describe));

    private static string JoinPairs(IReadOnlyList<RespValue> items)
    {
        var pairs = new List<string>();
        for (var i = 0; i < items.Count; i += 2)
        {
            pairs.Add(Describe(items[i]) + ": " + Describe(items[i + 1]));
        }

        return string.Join(", ", pairs);
    }

    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return text.ToString();
    }
}
