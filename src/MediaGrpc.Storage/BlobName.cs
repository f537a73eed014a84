namespace MediaGrpc.Storage;

/// <summary>
/// The blob names every store accepts: '/'-separated segments of <c>[A-Za-z0-9._-]</c>, such as
/// <c>ttl-7d/media/AbC123</c>. Nothing else ever becomes part of a path or URL.
/// </summary>
/// <remarks>
/// The rules keep a name safe as a relative file path on any OS and as a URL path without
/// escaping: no leading, trailing or doubled '/', no "..", no segment ending in '.' (Windows
/// drops trailing dots and Azure advises against them), at most <see cref="MaxSegmentLength"/>
/// characters per segment (file names allow 255, the local store adds a suffix) and
/// <see cref="MaxLength"/> in all. Names are case-sensitive.
/// </remarks>
public static class BlobName
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 512;

    /// <summary>Longest accepted segment between slashes.</summary>
    public const int MaxSegmentLength = 200;

    /// <summary>Whether <paramref name="name"/> follows the rules.</summary>
    public static bool IsValid(string? name) => Check(name, isPrefix: false) is null;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> follows the rules.</summary>
    public static void Validate(string? name, string paramName = "blobName")
    {
        if (Check(name, isPrefix: false) is { } problem)
        {
            throw new ArgumentException("Invalid blob name: " + problem, paramName);
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="prefix"/> is empty or the
    /// start of a valid name (it may end with '/').
    /// </summary>
    public static void ValidatePrefix(string? prefix, string paramName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        if (prefix.Length > 0 && Check(prefix, isPrefix: true) is { } problem)
        {
            throw new ArgumentException("Invalid blob name prefix: " + problem, paramName);
        }
    }

    // Returns what is wrong, or null. The name itself is never echoed: it may come from a client.
    private static string? Check(string? name, bool isPrefix)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "it contains '..'.";
        }

        var segmentStart = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var atEnd = i == name.Length;
            if (!atEnd && name[i] != '/')
            {
                if (!IsAllowed(name[i]))
                {
                    return "only letters, digits, '.', '_', '-' and '/' between segments are allowed.";
                }

                continue;
            }

            var segmentLength = i - segmentStart;
            if (segmentLength == 0 && !(atEnd && isPrefix && i > 0))
            {
                return "it has an empty segment (leading, trailing or doubled '/').";
            }

            if (segmentLength > MaxSegmentLength)
            {
                return $"a segment is longer than {MaxSegmentLength} characters.";
            }

            if (segmentLength > 0 && name[i - 1] == '.' && !(atEnd && isPrefix))
            {
                return "a segment ends with '.'.";
            }

            segmentStart = i + 1;
        }

        return null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
