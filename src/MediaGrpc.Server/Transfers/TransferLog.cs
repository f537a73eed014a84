using Microsoft.Extensions.Logging;

namespace MediaGrpc.Server.Transfers;

/// <summary>Log events of the transfer registry, progress and control; event IDs are stable (6xx).</summary>
internal static partial class TransferLog
{
    [LoggerMessage(600, LogLevel.Debug, "Transfer {TransferId} of {Owner} began on replica {Replica}")]
    public static partial void Began(ILogger logger, string transferId, string owner, string replica);

    [LoggerMessage(601, LogLevel.Debug, "Transfer {TransferId} ended {State}")]
    public static partial void Ended(ILogger logger, string transferId, string state);

    [LoggerMessage(602, LogLevel.Information, "Owner {Owner} is at the limit of {Maximum} concurrent transfers")]
    public static partial void LimitReached(ILogger logger, string owner, int maximum);

    [LoggerMessage(603, LogLevel.Warning, "The transfer registry is unreachable; transfer {TransferId} runs unregistered until a heartbeat reaches it")]
    public static partial void BeganUnregistered(ILogger logger, string transferId, Exception exception);

    [LoggerMessage(604, LogLevel.Warning, "Could not write progress or state of transfer {TransferId} to the registry")]
    public static partial void PublishFailed(ILogger logger, string transferId, Exception exception);

    [LoggerMessage(605, LogLevel.Warning, "Heartbeat of {Count} transfers could not reach the registry")]
    public static partial void HeartbeatFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(606, LogLevel.Debug, "Transfer {TransferId} got control {Action}")]
    public static partial void Controlled(ILogger logger, string transferId, TransferControl action);

    [LoggerMessage(607, LogLevel.Warning, "Could not listen for control messages of replica {Replica}; the subscription is renewed on reconnect")]
    public static partial void ControlListenFailed(ILogger logger, string replica, Exception exception);

    [LoggerMessage(608, LogLevel.Information, "Upload {UploadId} already has a writer on some replica; a second stream is refused")]
    public static partial void WriterBusy(ILogger logger, string uploadId);

    [LoggerMessage(609, LogLevel.Warning, "Transfer {TransferId} lost the writer lease of upload {UploadId} to another stream; it stops")]
    public static partial void WriterLeaseLost(ILogger logger, string transferId, string uploadId);

    [LoggerMessage(610, LogLevel.Warning, "The writer lease of upload {UploadId} could not be taken or given back: the registry is out of reach")]
    public static partial void WriterLeaseUnheld(ILogger logger, string uploadId, Exception exception);
}
