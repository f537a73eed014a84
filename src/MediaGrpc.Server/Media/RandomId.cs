using System.Buffers.Text;
using System.Security.Cryptography;

namespace MediaGrpc.Server.Media;

/// <summary>
/// Media, upload and transfer IDs: 128 bits from a cryptographic generator, written as
/// 22 characters of URL-safe base64 without padding. Unguessable, so a media ID can act
/// as a capability; URL- and blob-name-safe, so it can be part of a storage name.
/// </summary>
internal static class RandomId
{
    public const int Length = 22;
    private const int Bytes = 16;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>True when <paramref name="value"/> has the form of an ID (not that it exists).</summary>
    public static bool IsWellFormed(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
