using Microsoft.Extensions.Logging;

namespace MediaGrpc.Storage.Internal;

internal static partial class LocalDiskBlobStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Local blob store at {RootPath}")]
    public static partial void Opened(ILogger logger, string rootPath);

    [LoggerMessage(EventId = 2, Level = LogLevel.Trace, Message = "Staged block of {BlobName} at offset {Offset}, {Length} bytes")]
    public static partial void BlockStaged(ILogger logger, string blobName, long offset, int length);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Committed {BlobName}: {Length} bytes, ETag {ETag}")]
    public static partial void Committed(ILogger logger, string blobName, long length, string eTag);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Deleted {BlobName}")]
    public static partial void Deleted(ILogger logger, string blobName);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not remove stale file or folder {Path}")]
    public static partial void CleanupFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "A commit of {BlobName} stopped before its commit point; its blocks are staged again")]
    public static partial void InterruptedCommitRolledBack(ILogger logger, string blobName);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "A commit of {BlobName} stopped after its commit point; ETag {ETag} stays committed")]
    public static partial void InterruptedCommitCompleted(ILogger logger, string blobName, string eTag);
}
