using Microsoft.Extensions.Logging;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// Log events of the Blob REST client. Resources are logged without the SAS token and headers
/// only through <see cref="LoggableHeaders"/>, so keys and signatures never appear.
/// </summary>
internal static partial class AzureBlobClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Blob client for account {AccountName} at {BlobEndpoint} ({Auth})")]
    public static partial void Created(ILogger logger, string? accountName, Uri blobEndpoint, string auth);

    [LoggerMessage(EventId = 2, Level = LogLevel.Trace, Message = "{Operation} {Method} {Resource} attempt {Attempt} -> {StatusCode} in {ElapsedMs} ms, request id {RequestId}")]
    public static partial void Response(ILogger logger, string operation, string method, string resource, int attempt, int statusCode, long elapsedMs, string? requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Trace, Message = "{Operation} request headers: {RequestHeaders}; response headers: {ResponseHeaders}")]
    public static partial void Headers(ILogger logger, string operation, string requestHeaders, string responseHeaders);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Operation} {Resource} attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, string resource, int attempt, string reason, long delayMs);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{Operation} {Resource} failed: {StatusCode} {ErrorCode}, request id {RequestId}")]
    public static partial void ServiceError(ILogger logger, string operation, string resource, int statusCode, string? errorCode, string? requestId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Operation} {Resource} failed after {Attempts} attempts")]
    public static partial void GaveUp(ILogger logger, string operation, string resource, int attempts, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Created container {ContainerName}")]
    public static partial void ContainerCreated(ILogger logger, string containerName);
}
