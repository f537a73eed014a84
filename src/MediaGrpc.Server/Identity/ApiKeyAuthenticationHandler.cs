using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>Authenticates a call by a configured API key (<c>authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>).</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (CallerCredentials.ApiKey(Request.Headers) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.OwnerOf(presented) is { } owner
            ? AuthenticateResult.Success(new AuthenticationTicket(OwnerClaim.Principal(owner, Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail(new CallerRefusedException("The API key is not valid.")));
    }
}
