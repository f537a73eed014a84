using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MediaGrpc.Cli.Uploads;

/// <summary>
/// Names one upload of one file version by one command: the server, the file's full path,
/// size and last write time, and the options that shape the media (name, content type,
/// TTL class). The same command on the same unchanged file gets the same fingerprint, so
/// its idempotency key makes the server answer with the same upload (resumed from its
/// persisted offset) or, once complete, the same media; a changed file gets a new one.
/// </summary>
internal static class UploadFingerprint
{
    /// <summary>Prefix of the idempotency keys this tool makes up.</summary>
    public const string KeyPrefix = "mediagrpc-cli-";

    public static string Compute(string server, string fullPath, long size, DateTime modifiedUtc, string? name, string? contentType, string? ttlClass)
    {
        var text = string.Join(
            '\n',
            server,
            fullPath,
            size.ToString(CultureInfo.InvariantCulture),
            modifiedUtc.Ticks.ToString(CultureInfo.InvariantCulture),
            name ?? string.Empty,
            contentType ?? string.Empty,
            ttlClass ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
    }

    public static string IdempotencyKey(string fingerprint) => KeyPrefix + fingerprint;
}
