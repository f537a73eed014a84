using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// Refuses to start with a short key, a key given both in clear and by hash (or neither), a
/// hash that is not 64 hex digits, a key without owner, or a key listed twice (in either form).
/// </summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    /// <summary>Shortest accepted key: 16 characters, so a key cannot be guessed by trying.</summary>
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var prefix = $"Authentication:ApiKeys:{i}";
            var hash = ApiKeyHash.Of(key);
            if (key.Key is not null && key.KeySha256 is not null)
            {
                failures.Add($"{prefix} gives both Key and KeySha256; give one.");
            }
            else if (key.Key is null && key.KeySha256 is null)
            {
                failures.Add($"{prefix}:Key or {prefix}:KeySha256 is required.");
            }
            else if (key.Key is { } clear && clear.Length < MinimumKeyLength)
            {
                // The length, never the key: start-up errors end up in logs.
                failures.Add($"{prefix}:Key must be at least {MinimumKeyLength} characters (it has {clear.Length}).");
            }
            else if (key.KeySha256 is not null && hash is null)
            {
                failures.Add($"{prefix}:KeySha256 must be 64 hex digits, the SHA-256 of the key.");
            }

            if (string.IsNullOrWhiteSpace(key.Owner))
            {
                failures.Add($"{prefix}:Owner is required.");
            }

            if (hash is not null && !seen.Add(Convert.ToHexString(hash)))
            {
                failures.Add($"{prefix} repeats an earlier key.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.LocalOwner))
        {
            failures.Add("Authentication:LocalOwner must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
