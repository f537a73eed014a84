using Grpc.Core;
using MediaGrpc.Server.Errors;

namespace MediaGrpc.Server.Identity;

/// <summary>Reads the caller that <see cref="ApiKeyAuthenticationInterceptor"/> attached to a call.</summary>
internal static class CallerContextExtensions
{
    private static readonly object s_key = new();

    public static void SetCaller(this ServerCallContext context, Caller caller) => context.UserState[s_key] = caller;

    /// <summary>The caller; every mediagrpc call has one, because the interceptor refuses calls without.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(s_key, out var value) && value is Caller caller
            ? caller
            : throw MediaErrors.Plain(StatusCode.Unauthenticated, "The call has no authenticated caller.");
}
