namespace MediaGrpc.Server.Upload;

/// <summary>
/// A declared content type must be a media type as HTTP writes it (RFC 9110 §8.3.1):
/// <c>type "/" subtype *( OWS ";" OWS token "=" ( token / quoted-string ) )</c>, in at most
/// 255 printable ASCII characters (OWS as spaces only), for example <c>video/mp4; codecs="avc1.42E01E, mp4a.40.2"</c>.
/// It goes into storage as the blob's Content-Type header and back to clients as
/// <c>declared_content_type</c>, so anything that is not one (CR/LF header injection, a
/// leading space that HTTP would trim, a path) is refused before any byte is accepted.
/// The type is not checked against a list: the service sniffs the real one from the bytes.
/// </summary>
internal static class ContentTypeRule
{
    public const int MaxLength = 255;

    public static bool IsValid(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return false;
        }

        var i = 0;
        if (!Token(value, ref i) || !Expect(value, ref i, '/') || !Token(value, ref i))
        {
            return false;
        }

        while (true)
        {
            Spaces(value, ref i);
            if (i == value.Length)
            {
                // Trailing spaces would not survive an HTTP header.
                return value[^1] != ' ';
            }

            if (!Expect(value, ref i, ';'))
            {
                return false;
            }

            Spaces(value, ref i);
            if (!Token(value, ref i) || !Expect(value, ref i, '='))
            {
                return false;
            }

            if (!(i < value.Length && value[i] == '"' ? QuotedString(value, ref i) : Token(value, ref i)))
            {
                return false;
            }
        }
    }

    private static bool Token(string value, ref int i)
    {
        var start = i;
        while (i < value.Length && IsTokenChar(value[i]))
        {
            i++;
        }

        return i > start;
    }

    private static bool QuotedString(string value, ref int i)
    {
        i++; // opening quote
        while (i < value.Length)
        {
            var c = value[i++];
            if (c == '"')
            {
                return true;
            }

            if (c == '\\')
            {
                if (i == value.Length || !IsQuotedChar(value[i]))
                {
                    return false;
                }

                i++;
            }
            else if (!IsQuotedChar(c))
            {
                return false;
            }
        }

        return false;
    }

    private static bool Expect(string value, ref int i, char expected)
    {
        if (i < value.Length && value[i] == expected)
        {
            i++;
            return true;
        }

        return false;
    }

    private static void Spaces(string value, ref int i)
    {
        while (i < value.Length && value[i] == ' ')
        {
            i++;
        }
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    // qdtext and quoted-pair without obs-text and HTAB: SP and visible ASCII (the blob
    // stores take no control character in a header, TAB included).
    private static bool IsQuotedChar(char c) => c is >= ' ' and <= '~';
}
