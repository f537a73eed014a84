using Grpc.Core;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// What a refused call gets: instead of ASP.NET Core's challenge (HTTP 401 and
/// <c>WWW-Authenticate</c>, which gRPC clients see only as a bare code), a gRPC status,
/// UNAUTHENTICATED with a short reason, or PERMISSION_DENIED.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler(
    CallerSchemeSelector selector, IdentitySources sources, ILogger<GrpcAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        var method = context.Request.Path.Value ?? string.Empty;
        if (authorizeResult.Challenged)
        {
            // The handlers cache their result per request: this repeats no validation.
            var scheme = selector.Select(context);
            var result = await context.AuthenticateAsync(IdentitySchemes.Caller);
            var reason = AuthenticationFailureReason.Of(scheme, result, sources);
            IdentityLog.Refused(logger, method, scheme, reason);
            await GrpcTrailersOnlyResponse.WriteAsync(context, MediaErrors.Plain(StatusCode.Unauthenticated, reason));
            return;
        }

        IdentityLog.Forbidden(logger, method, context.User.FindFirst(OwnerClaim.Type)?.Value);
        await GrpcTrailersOnlyResponse.WriteAsync(context, MediaErrors.Plain(StatusCode.PermissionDenied, "The caller may not make this call."));
    }
}
