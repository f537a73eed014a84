using Microsoft.AspNetCore.Http;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// Picks the one scheme that authenticates a call, from the credential it carries (the
/// forward selector of the <see cref="IdentitySchemes.Caller"/> policy scheme). A credential
/// in the call's metadata wins over the connection's client certificate, so a service in a
/// mesh can still act for one of its own callers:
/// <list type="number">
/// <item>no identity source configured: the local owner;</item>
/// <item><c>authorization: Bearer X</c>: an API key if X is a configured one, else a JWT when JWT bearer is configured;</item>
/// <item><c>x-api-key</c> or a bearer token with JWT off: API keys;</item>
/// <item>a client certificate, when certificates are configured: the certificate;</item>
/// <item>nothing: API keys, which find nothing, and the call is refused for want of credentials.</item>
/// </list>
/// </summary>
internal sealed class CallerSchemeSelector(IdentitySources sources, ApiKeyRing keys)
{
    public string Select(HttpContext context)
    {
        if (!sources.Any)
        {
            return IdentitySchemes.LocalOwner;
        }

        var headers = context.Request.Headers;
        if (CallerCredentials.BearerToken(headers) is { Length: > 0 } token && (sources.ApiKeys || sources.Bearer))
        {
            return sources.Bearer && (!sources.ApiKeys || keys.OwnerOf(token) is null) ? IdentitySchemes.Bearer : IdentitySchemes.ApiKey;
        }

        if (headers.ContainsKey(CallerCredentials.ApiKeyHeader))
        {
            return IdentitySchemes.ApiKey;
        }

        return sources.Certificate && context.Connection.ClientCertificate is not null ? IdentitySchemes.Certificate : IdentitySchemes.ApiKey;
    }
}
