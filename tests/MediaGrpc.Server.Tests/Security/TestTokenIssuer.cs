using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// A JWT issuer made up for one test run: a random HMAC-SHA256 key (never committed), given
/// to the server through configuration as <c>dotnet user-jwts</c> would, and tokens minted with it.
/// </summary>
internal sealed class TestTokenIssuer
{
    public const string Issuer = "https://issuer.mediagrpc.test";
    public const string Audience = "mediagrpc";

    /// <summary>The signing key's bytes.</summary>
    public byte[] Key { get; } = RandomNumberGenerator.GetBytes(32);

    public string KeyBase64 => Convert.ToBase64String(Key);

    /// <summary>Adds <c>Authentication:Schemes:Bearer</c> for this issuer to a server configuration and returns it.</summary>
    public Dictionary<string, string?> Configure(Dictionary<string, string?> configuration, string? ownerClaim = null)
    {
        configuration["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer;
        configuration["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience;
        configuration["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer;
        configuration["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = KeyBase64;
        if (ownerClaim is not null)
        {
            configuration["Authentication:Schemes:Bearer:OwnerClaim"] = ownerClaim;
        }

        return configuration;
    }

    /// <summary>A token for <paramref name="subject"/>, valid for an hour unless told otherwise, signed with this issuer's key unless another is given.</summary>
    public string Mint(
        string? subject,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null,
        byte[]? key = null,
        IDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddMinutes(-1),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>(claims ?? new Dictionary<string, object>()),
        };
        if (subject is not null)
        {
            descriptor.Claims["sub"] = subject;
        }

        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A signed token for <paramref name="subject"/> without <c>exp</c> (nor <c>nbf</c>, <c>iat</c>).</summary>
    public string MintWithoutExpiry(string subject) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Key), SecurityAlgorithms.HmacSha256),
        Claims = new Dictionary<string, object> { ["sub"] = subject },
    });

    /// <summary>A token with <c>alg: none</c> and no signature, otherwise valid.</summary>
    public static string Unsigned(string subject)
    {
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var payload = $$"""{"sub":"{{subject}}","iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{expires}}}""";
        return new JsonWebTokenHandler().CreateToken(payload);
    }
}
