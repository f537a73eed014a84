using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>With no identity source configured, every call is <see cref="ApiKeyOptions.LocalOwner"/>: the embedded default for one machine.</summary>
internal sealed class LocalOwnerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<ApiKeyOptions> identity)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(OwnerClaim.Principal(identity.Value.LocalOwner, Scheme.Name), Scheme.Name)));
}
