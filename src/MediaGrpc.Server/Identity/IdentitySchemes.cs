using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace MediaGrpc.Server.Identity;

/// <summary>The names of the authentication schemes and the authorization policy that decide who a caller is.</summary>
internal static class IdentitySchemes
{
    /// <summary>The default scheme: a policy scheme that forwards each call to the scheme of the credential it carries.</summary>
    public const string Caller = "MediaGrpc";

    /// <summary>Configured API keys, in <c>authorization: Bearer</c> or <c>x-api-key</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>Every call is the local owner: no identity source is configured.</summary>
    public const string LocalOwner = "LocalOwner";

    /// <summary>JWT bearer tokens (Microsoft.AspNetCore.Authentication.JwtBearer), configured under <c>Authentication:Schemes:Bearer</c>.</summary>
    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>TLS client certificates (Microsoft.AspNetCore.Authentication.Certificate), configured under <c>Authentication:Certificate</c>.</summary>
    public const string Certificate = CertificateAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The authorization policy of the mediagrpc services: an authenticated caller with an owner.</summary>
    public const string OwnerPolicy = "MediaGrpcOwner";
}
