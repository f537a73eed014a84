using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// Refuses a JWT bearer configuration that could not work or would accept too much: no
/// Authority and no signing key, no accepted issuer or audience (JwtBearer would then skip
/// those checks), a signing key that is not base64 of at least 32 bytes, or one whose
/// issuer is not accepted (JwtBearer would silently ignore it). Messages name keys, never values.
/// </summary>
internal sealed class BearerTokenOptionsValidator : IValidateOptions<BearerTokenOptions>
{
    private const string Section = IdentitySources.BearerSection;
    private const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, BearerTokenOptions options)
    {
        var failures = new List<string>();
        var issuers = options.ValidIssuers.Append(options.ValidIssuer).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(options.OwnerClaim))
        {
            failures.Add($"{Section}:OwnerClaim must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Authority) && options.SigningKeys.Count == 0)
        {
            failures.Add($"{Section} needs Authority (OpenID Connect discovery) or SigningKeys.");
        }

        // JwtBearer would otherwise fail every call, not the start, over an http:// authority.
        if (!string.IsNullOrWhiteSpace(options.Authority) && options.RequireHttpsMetadata
            && !options.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{Section}:Authority must be an https:// address (or set RequireHttpsMetadata to false, for development only).");
        }

        if (issuers.Count == 0)
        {
            failures.Add($"{Section}:ValidIssuer (or ValidIssuers) is required: tokens from any issuer would be accepted.");
        }

        if (string.IsNullOrWhiteSpace(options.ValidAudience) && options.ValidAudiences.Count == 0)
        {
            failures.Add($"{Section}:ValidAudiences (or ValidAudience) is required: tokens for any service would be accepted.");
        }

        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            var key = options.SigningKeys[i];
            if (key.Issuer is null || !issuers.Contains(key.Issuer))
            {
                failures.Add($"{Section}:SigningKeys:{i}:Issuer must be one of the accepted issuers.");
            }

            var bytes = new byte[(key.Value?.Length ?? 0) * 3 / 4];
            if (key.Value is null || !Convert.TryFromBase64String(key.Value, bytes, out var length) || length < MinimumKeyBytes)
            {
                failures.Add($"{Section}:SigningKeys:{i}:Value must be base64 of at least {MinimumKeyBytes} bytes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
