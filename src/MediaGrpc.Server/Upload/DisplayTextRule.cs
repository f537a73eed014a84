namespace MediaGrpc.Server.Upload;

/// <summary>
/// What text a client may store for people to read (display names, custom metadata): no
/// control characters, which could forge lines in a log or a terminal that shows the text
/// (CR, LF, ESC, NUL, and outside multi-line values U+2028/U+2029); no bidirectional embedding, override or isolate controls
/// (U+202A–U+202E, U+2066–U+2069), which make "photo" + U+202E + "gpj.exe" render as "photoexe.jpg"; no
/// unpaired surrogate. Everything else is stored exactly as sent: path separators and ".."
/// are plain characters here, since no client text ever becomes a storage name
/// (<see cref="Media.MediaBlobNames"/>), and right-to-left scripts need no control
/// characters to display. Refusing rather than stripping keeps the stored value the one the
/// client sent, so a re-sent start with the same idempotency key still matches.
/// </summary>
internal static class DisplayTextRule
{
    /// <summary>
    /// True when <paramref name="text"/> holds none of the refused characters. With
    /// <paramref name="allowLineBreaks"/>, TAB, LF and CR are allowed (custom metadata values
    /// may be multi-line text; they are never logged).
    /// </summary>
    public static bool IsAllowed(string text, bool allowLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                if (allowLineBreaks && c is '\t' or '\n' or '\r')
                {
                    continue;
                }

                return false;
            }

            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return false;
            }

            if (!allowLineBreaks && c is '\u2028' or '\u2029')
            {
                // Unicode's line and paragraph separators: line breaks to some log viewers.
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
