using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>Refuses to start with an empty key, a key without owner, or a key listed twice.</summary>
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
            if (key.Key.Length < MinimumKeyLength)
            {
                // The length, never the key: start-up errors end up in logs.
                failures.Add($"Authentication:ApiKeys:{i}:Key must be at least {MinimumKeyLength} characters (it has {key.Key.Length}).");
            }

            if (string.IsNullOrWhiteSpace(key.Owner))
            {
                failures.Add($"Authentication:ApiKeys:{i}:Owner is required.");
            }

            if (!seen.Add(key.Key))
            {
                failures.Add($"Authentication:ApiKeys:{i} repeats an earlier key.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.LocalOwner))
        {
            failures.Add("Authentication:LocalOwner must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
