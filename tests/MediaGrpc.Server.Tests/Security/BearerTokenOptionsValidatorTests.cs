using MediaGrpc.Server.Identity;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>JWT bearer settings that would accept any token, or none, stop the start; the messages name settings, never key values.</summary>
public sealed class BearerTokenOptionsValidatorTests
{
    private const string Section = "Authentication:Schemes:Bearer";

    [Fact]
    public void Issuer_audience_and_a_key_source_are_required()
    {
        var failures = new BearerTokenOptionsValidator().Validate(null, new BearerTokenOptions()).Failures;

        Assert.Equal(
            [
                $"{Section} needs Authority (OpenID Connect discovery) or SigningKeys.",
                $"{Section}:ValidIssuer (or ValidIssuers) is required: tokens from any issuer would be accepted.",
                $"{Section}:ValidAudiences (or ValidAudience) is required: tokens for any service would be accepted.",
            ],
            failures);
    }

    [Fact]
    public void Authority_over_plain_http_is_refused_unless_https_metadata_is_turned_off()
    {
        var options = new BearerTokenOptions { Authority = "http://login.test", ValidIssuer = "http://login.test", ValidAudience = "mediagrpc" };
        var validator = new BearerTokenOptionsValidator();

        Assert.Equal(
            [$"{Section}:Authority must be an https:// address (or set RequireHttpsMetadata to false, for development only)."],
            validator.Validate(null, options).Failures);
        options.RequireHttpsMetadata = false;
        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_short_or_foreign_signing_key_is_named_by_index_without_its_value()
    {
        var shortKey = Convert.ToBase64String(new byte[16]);
        var options = new BearerTokenOptions { ValidIssuer = "https://issuer.test", ValidAudience = "mediagrpc" };
        options.SigningKeys.Add(new BearerSigningKey { Issuer = "https://issuer.test", Value = shortKey });
        options.SigningKeys.Add(new BearerSigningKey { Issuer = "https://other.test", Value = Convert.ToBase64String(new byte[32]) });

        var failures = new BearerTokenOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(
            [
                $"{Section}:SigningKeys:0:Value must be base64 of at least 32 bytes.",
                $"{Section}:SigningKeys:1:Issuer must be one of the accepted issuers.",
            ],
            failures);
        Assert.DoesNotContain(failures, f => f.Contains(shortKey, StringComparison.Ordinal));
    }
}
