using Microsoft.Extensions.Logging;

namespace MediaGrpc.Server.Download;

/// <summary>Log events of downloads; event IDs are stable.</summary>
internal static partial class DownloadLog
{
    [LoggerMessage(200, LogLevel.Debug, "Download {TransferId} of media {MediaId} from {Offset}, {Length} bytes")]
    public static partial void Started(ILogger logger, string transferId, string mediaId, long offset, long length);

    [LoggerMessage(201, LogLevel.Debug, "Download {TransferId} completed, {BytesSent} bytes sent")]
    public static partial void Completed(ILogger logger, string transferId, long bytesSent);

    [LoggerMessage(202, LogLevel.Debug, "Download {TransferId} paused before offset {Offset}")]
    public static partial void Paused(ILogger logger, string transferId, long offset);

    [LoggerMessage(203, LogLevel.Debug, "Download {TransferId} resumed at offset {Offset}")]
    public static partial void Resumed(ILogger logger, string transferId, long offset);

    [LoggerMessage(204, LogLevel.Information, "Media {MediaId} no longer has etag {Etag}: it changed or was deleted while read")]
    public static partial void MediaChanged(ILogger logger, string mediaId, string etag);

    [LoggerMessage(205, LogLevel.Information, "Download {TransferId} ended: its client read nothing for {StallTimeout}")]
    public static partial void Stalled(ILogger logger, string transferId, TimeSpan stallTimeout);
}
