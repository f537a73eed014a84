namespace MediaGrpc.Server.Media;

/// <summary>Log events of the expiry sweep; event IDs are stable.</summary>
internal static partial class SweepLog
{
    [LoggerMessage(300, LogLevel.Debug, "Deleted expired media {MediaId} of TTL class {TtlClass}")]
    public static partial void MediaExpired(ILogger logger, string mediaId, string ttlClass);

    [LoggerMessage(301, LogLevel.Debug, "Deleted abandoned upload {UploadId}")]
    public static partial void UploadAbandoned(ILogger logger, string uploadId);

    [LoggerMessage(302, LogLevel.Warning, "Expiry sweep failed; it runs again at the next interval")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
