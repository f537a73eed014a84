namespace MediaGrpc.Server.Hosting;

/// <summary>Log events of the per-owner call rate limit; event IDs are stable.</summary>
internal static partial class RateLimitLog
{
    [LoggerMessage(810, LogLevel.Information, "Call {Method} of owner {Owner} refused by the call rate limit; retry after {RetryAfter}")]
    public static partial void Limited(ILogger logger, string method, string owner, TimeSpan retryAfter);
}
