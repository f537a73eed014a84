using System.Security.Cryptography;
using System.Text;

namespace MediaGrpc.Server.Identity;

/// <summary>API keys are held and compared as their SHA-256: a configured hash and a key in clear meet there.</summary>
internal static class ApiKeyHash
{
    public const int Length = 32;

    /// <summary>The SHA-256 of a presented key's UTF-8 bytes.</summary>
    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The configured key's hash: of <see cref="ApiKey.Key"/>, or <see cref="ApiKey.KeySha256"/> decoded; null when neither is usable.</summary>
    public static byte[]? Of(ApiKey key)
    {
        if (key.Key is { } clear)
        {
            return Of(clear);
        }

        if (key.KeySha256 is { Length: Length * 2 } hex)
        {
            try
            {
                return Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }
}
