using Grpc.Core;
using MediaGrpc.Server.Errors;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// The one place handlers read who the caller is: the owner claim that the ASP.NET Core
/// authentication pipeline (see <see cref="IdentityHostingExtensions"/>) put on the call's principal.
/// </summary>
internal static class CallerContextExtensions
{
    /// <summary>The caller; every mediagrpc call has one, because the authorization policy refuses calls without.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(OwnerClaim.Type)?.Value is { Length: > 0 } owner
            ? new Caller(owner)
            : throw MediaErrors.Plain(StatusCode.Unauthenticated, "The call has no authenticated caller.");
}
