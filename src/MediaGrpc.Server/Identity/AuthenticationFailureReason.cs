using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// The short reason an unauthenticated call is told. Fixed sentences by kind of failure:
/// the library's own messages can name keys, key IDs and token contents, so none of them
/// reaches the caller.
/// </summary>
internal static class AuthenticationFailureReason
{
    public static string Of(string scheme, AuthenticateResult result, IdentitySources sources)
    {
        var failure = result.Failure;
        if (failure is AggregateException { InnerExceptions.Count: > 0 } several)
        {
            failure = several.InnerExceptions[0];
        }

        return failure switch
        {
            null => $"This call needs credentials: {sources.Accepted()}.",
            CallerRefusedException refused => refused.Message,
            SecurityTokenExpiredException => "The token has expired.",
            SecurityTokenNotYetValidException => "The token is not valid yet.",
            SecurityTokenInvalidAudienceException => "The token is not meant for this service (audience).",
            SecurityTokenInvalidIssuerException => "The token's issuer is not accepted.",
            SecurityTokenNoExpirationException => "The token has no expiry.",
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException =>
                "The token is not signed, or not by an accepted key.",
            SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
            SecurityTokenException => "The token is not valid.",
            _ when scheme == IdentitySchemes.Certificate => "The client certificate is not trusted for client authentication.",
            _ when scheme == IdentitySchemes.Bearer => "The token could not be validated.",
            _ => "The credentials are not valid.",
        };
    }
}
