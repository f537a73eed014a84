namespace MediaGrpc.Server.Identity;

/// <summary>
/// Our view of <c>Authentication:Schemes:Bearer</c>. ASP.NET Core's JwtBearer binds that
/// section itself (ValidIssuer(s), ValidAudience(s), Authority, SigningKeys, ...); this class
/// reads the same keys only to refuse, at start-up, a section that would accept no token or
/// any audience, and adds <see cref="OwnerClaim"/>, which is ours.
/// </summary>
public sealed class BearerTokenOptions
{
    /// <summary>The claim whose value is the caller's owner. Default <c>sub</c>.</summary>
    public string OwnerClaim { get; set; } = "sub";

    /// <summary>The OpenID Connect issuer whose discovery document and JWKS give the signing keys. Default none.</summary>
    public string? Authority { get; set; }

    /// <summary>Whether <see cref="Authority"/> must be https:// (JwtBearer's setting). Default true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The accepted issuer (<c>iss</c>). Default none.</summary>
    public string? ValidIssuer { get; set; }

    /// <summary>More accepted issuers. Default none.</summary>
    public IList<string> ValidIssuers { get; } = [];

    /// <summary>The accepted audience (<c>aud</c>). Default none.</summary>
    public string? ValidAudience { get; set; }

    /// <summary>More accepted audiences. Default none.</summary>
    public IList<string> ValidAudiences { get; } = [];

    /// <summary>Symmetric signing keys, as <c>dotnet user-jwts</c> writes them. Default none.</summary>
    public IList<BearerSigningKey> SigningKeys { get; } = [];
}

/// <summary>One symmetric signing key: its issuer and its bytes in base64. A secret: never logged.</summary>
public sealed class BearerSigningKey
{
    /// <summary>The issuer whose tokens this key signs; it must be one of the accepted issuers.</summary>
    public string? Issuer { get; set; }

    /// <summary>The key, base64; at least 32 bytes (HMAC-SHA256).</summary>
    public string? Value { get; set; }
}
