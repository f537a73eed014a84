namespace MediaGrpc.Server.Identity;

/// <summary>Log events of caller identity; event IDs are stable. They name the scheme and the reason, never a credential.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(800, LogLevel.Information, "Call {Method} refused by scheme {Scheme}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string scheme, string reason);

    [LoggerMessage(801, LogLevel.Information, "Call {Method} of owner {Owner} refused: not permitted")]
    public static partial void Forbidden(ILogger logger, string method, string? owner);
}
