using Grpc.Core;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Marks a call whose client may from now on rightly send nothing, for as long as the call
/// lasts: a download after its open, whose client sends only pause and resume, if ever.
/// <c>Grpc:StreamIdleTimeout</c> then no longer applies to the call's request stream; what
/// bounds such a call is its own limit (a download's stall timeout and pause limit).
/// </summary>
internal static class ExpectedClientSilence
{
    private static readonly object s_key = new();

    /// <summary>From now on the call's client may send nothing without being idle.</summary>
    public static void From(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.UserState[s_key] = true;
    }

    /// <summary>True once <see cref="From"/> was called for the call.</summary>
    public static bool IsExpected(ServerCallContext context) => context.UserState.ContainsKey(s_key);
}
