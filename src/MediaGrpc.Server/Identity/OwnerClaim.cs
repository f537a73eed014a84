using System.Security.Claims;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// The claim every scheme puts on the principal it authenticates: the owner, whatever the
/// credential (an API key's configured owner, a JWT's owner claim, a certificate's name).
/// <see cref="CallerContextExtensions.GetCaller"/> reads it and nothing else.
/// </summary>
internal static class OwnerClaim
{
    public const string Type = "mediagrpc/owner";

    /// <summary>A principal for <paramref name="owner"/>, authenticated by <paramref name="scheme"/>, keeping the claims of <paramref name="from"/>.</summary>
    public static ClaimsPrincipal Principal(string owner, string scheme, ClaimsPrincipal? from = null)
    {
        var principal = from ?? new ClaimsPrincipal();
        principal.AddIdentity(new ClaimsIdentity([new Claim(Type, owner)], scheme));
        return principal;
    }
}
