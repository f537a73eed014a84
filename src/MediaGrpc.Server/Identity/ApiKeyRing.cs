using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>The configured API keys as SHA-256 hashes, each with its owner.</summary>
internal sealed class ApiKeyRing(IOptions<ApiKeyOptions> options)
{
    private readonly (byte[] Hash, string Owner)[] _keys =
        [.. options.Value.ApiKeys.Select(k => (ApiKeyHash.Of(k) ?? new byte[ApiKeyHash.Length], k.Owner))];

    /// <summary>The owner of <paramref name="presented"/>, or null when it is no configured key.</summary>
    public string? OwnerOf(string presented)
    {
        // Fixed-length hashes compared in constant time, every key each time: how long this
        // takes tells nothing of a key or of which one matched.
        var hash = ApiKeyHash.Of(presented);
        string? owner = null;
        foreach (var (keyHash, keyOwner) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
            {
                owner ??= keyOwner;
            }
        }

        return owner;
    }
}
