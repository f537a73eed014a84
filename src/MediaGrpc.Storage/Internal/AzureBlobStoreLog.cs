using Microsoft.Extensions.Logging;

namespace MediaGrpc.Storage.Internal;

internal static partial class AzureBlobStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Trace, Message = "Staged block of {BlobName} at offset {Offset}, {Length} bytes")]
    public static partial void BlockStaged(ILogger logger, string blobName, long offset, int length);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Committed {BlobName}: {BlockCount} blocks, {Length} bytes, ETag {ETag}")]
    public static partial void Committed(ILogger logger, string blobName, int blockCount, long length, string eTag);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Deleted {BlobName}")]
    public static partial void Deleted(ILogger logger, string blobName);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Ignoring block {BlockId} of {BlobName}: not an offset block ID")]
    public static partial void ForeignBlock(ILogger logger, string blobName, string blockId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Azure Storage token for {ServiceHost} obtained at start-up; it expires at {ExpiresOn}")]
    public static partial void CredentialReady(ILogger logger, string serviceHost, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Storage:AzureBlob:SasToken changed: later requests use the new token")]
    public static partial void SasTokenUpdated(ILogger logger);
}
