using MediaGrpc.Rpc;

namespace MediaGrpc.Server.Identity;

/// <summary>Reads the caller that <see cref="ApiKeyAuthenticationInterceptor"/> attached to a call.</summary>
internal static class CallerContextExtensions
{
    private static readonly object s_key = new();

    public static void SetCaller(this ServerCallContext context, Caller caller) => context.Items[s_key] = caller;

    /// <summary>The caller; every mediagrpc call has one, because the interceptor refuses calls without.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.Items.TryGetValue(s_key, out var value) && value is Caller caller
            ? caller
            : throw new RpcException(StatusCode.Unauthenticated, "The call has no authenticated caller.");
}
