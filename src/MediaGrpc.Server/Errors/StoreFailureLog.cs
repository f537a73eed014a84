namespace MediaGrpc.Server.Errors;

/// <summary>Log events of store failures seen by calls; event IDs are stable.</summary>
internal static partial class StoreFailureLog
{
    [LoggerMessage(700, LogLevel.Error, "Call {Method} failed: the blob store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, string method, Exception exception);

    [LoggerMessage(701, LogLevel.Error, "Call {Method} failed: the blob store's volume is full")]
    public static partial void StoreFull(ILogger logger, string method, Exception exception);
}
