namespace MediaGrpc.Storage.Internal;

/// <summary>Validates <see cref="BlobCommitOptions"/> the same way for every store (rules on the type's remarks).</summary>
internal static class BlobCommitRules
{
    public const int MaxContentTypeLength = 255;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataSize = 8 * 1024;

    public static void Validate(BlobCommitOptions options, string paramName = "options")
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        if (options.ContentType is { } contentType
            && (contentType.Length is 0 or > MaxContentTypeLength || !IsHeaderText(contentType)))
        {
            throw new ArgumentException(
                $"The content type must be 1 to {MaxContentTypeLength} printable ASCII characters without surrounding spaces.", paramName);
        }

        ArgumentNullException.ThrowIfNull(options.Metadata, paramName);
        var size = 0;
        foreach (var (key, value) in options.Metadata)
        {
            if (!IsMetadataKey(key))
            {
                throw new ArgumentException(
                    $"Metadata keys must match [a-z][a-z0-9]{{0,{MaxMetadataKeyLength - 1}}}.", paramName);
            }

            if (value is null || (value.Length > 0 && !IsHeaderText(value)))
            {
                throw new ArgumentException(
                    $"The value of metadata '{key}' must be printable ASCII without surrounding spaces.", paramName);
            }

            size += key.Length + value.Length;
        }

        if (size > MaxMetadataSize)
        {
            throw new ArgumentException($"Metadata keys and values exceed {MaxMetadataSize} bytes.", paramName);
        }
    }

    private static bool IsMetadataKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxMetadataKeyLength || !char.IsAsciiLetterLower(key[0]))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    // HTTP trims header values, so surrounding spaces would not round-trip.
    private static bool IsHeaderText(string value)
    {
        if (value[0] == ' ' || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
