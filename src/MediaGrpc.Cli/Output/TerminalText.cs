using System.Globalization;
using System.Text;

namespace MediaGrpc.Cli.Output;

/// <summary>
/// Text another client stored (display names, custom metadata) as a terminal line. Control
/// characters would move the cursor, recolour or rewrite what the terminal shows (ESC
/// sequences, CR) or break one record line into several (LF; metadata values may hold line
/// breaks), and bidirectional controls would reorder what a name appears to say; they are
/// written as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\u{XXXX}</c> instead. The server refuses
/// most of them at upload, but records stored before its rules, or by another server, may
/// hold them. JSON output needs none of this: its writer escapes them.
/// </summary>
internal static class TerminalText
{
    public static string Safe(string text)
    {
        var first = text.AsSpan().IndexOfAny(s_unsafe);
        if (first < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (!IsUnsafe(c))
            {
                safe.Append(c);
                continue;
            }

            safe.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}"),
            });
        }

        return safe.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> s_unsafe = System.Buffers.SearchValues.Create(UnsafeCharacters());

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u2028' or '\u2029';

    private static string UnsafeCharacters()
    {
        var all = new StringBuilder();
        for (var c = 0; c <= 0x2069; c++)
        {
            if (IsUnsafe((char)c))
            {
                all.Append((char)c);
            }
        }

        return all.ToString();
    }
}
