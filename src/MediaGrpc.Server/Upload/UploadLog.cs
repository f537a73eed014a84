using Microsoft.Extensions.Logging;

namespace MediaGrpc.Server.Upload;

/// <summary>Log events of uploads; event IDs are stable.</summary>
internal static partial class UploadLog
{
    [LoggerMessage(100, LogLevel.Debug, "Upload {UploadId} of {Owner} streaming from offset {Offset}")]
    public static partial void Started(ILogger logger, string uploadId, string owner, long offset);

    [LoggerMessage(101, LogLevel.Trace, "Upload {UploadId} chunk at {Offset}, {Length} bytes")]
    public static partial void ChunkReceived(ILogger logger, string uploadId, long offset, int length);

    [LoggerMessage(102, LogLevel.Information, "Upload {UploadId} completed as media {MediaId}, {Size} bytes")]
    public static partial void Completed(ILogger logger, string uploadId, string mediaId, long size);

    [LoggerMessage(103, LogLevel.Debug, "Upload {UploadId} suspended at persisted offset {Offset}")]
    public static partial void Suspended(ILogger logger, string uploadId, long offset);

    [LoggerMessage(104, LogLevel.Debug, "Upload {UploadId} stream ended early; received bytes persisted up to {Offset}")]
    public static partial void Salvaged(ILogger logger, string uploadId, long offset);

    [LoggerMessage(105, LogLevel.Warning, "Upload {UploadId} stream ended early and its buffered bytes could not be persisted")]
    public static partial void SalvageFailed(ILogger logger, string uploadId, Exception exception);

    [LoggerMessage(106, LogLevel.Information, "Upload {UploadId} aborted")]
    public static partial void Aborted(ILogger logger, string uploadId);
}
