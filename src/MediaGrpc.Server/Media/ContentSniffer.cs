namespace MediaGrpc.Server.Media;

/// <summary>
/// The content type of a media, from its first bytes ("magic numbers"), for the formats
/// IM clients send most. The client's claim is kept apart: a sniffed type never comes
/// from what the client said.
/// </summary>
internal static class ContentSniffer
{
    /// <summary>How many leading bytes sniffing and image dimensions look at.</summary>
    public const int HeaderLength = 256 * 1024;

    /// <summary>The recognised content type, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (header.StartsWith("BM"u8) && header.Length >= 26)
        {
            return "image/bmp";
        }

        if (IsRiff(header, "WEBP"u8))
        {
            return "image/webp";
        }

        if (IsRiff(header, "WAVE"u8))
        {
            return "audio/wav";
        }

        if (header.Length >= 12 && header.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return header.Slice(8, 3).SequenceEqual("qt "u8) ? "video/quicktime" : "video/mp4";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "video/webm";
        }

        if (header.StartsWith("OggS"u8))
        {
            return "audio/ogg";
        }

        if (header.StartsWith("ID3"u8))
        {
            return "audio/mpeg";
        }

        if (header.StartsWith("#!AMR"u8))
        {
            return "audio/amr";
        }

        if (header.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[(byte)'P', (byte)'K', 0x03, 0x04]))
        {
            return "application/zip";
        }

        return null;
    }

    private static bool IsRiff(ReadOnlySpan<byte> header, ReadOnlySpan<byte> form) =>
        header.Length >= 12 && header.StartsWith("RIFF"u8) && header.Slice(8, 4).SequenceEqual(form);
}
