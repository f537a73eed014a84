using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>The one place where a handler's failure becomes the status a client sees.</summary>
internal static class ServerCallExceptionMapper
{
    /// <summary>Generic detail for unexpected failures: internals never leak to clients by default.</summary>
    public const string UnexpectedFailureDetail = "Exception was thrown by handler.";

    public static Status ToStatus(Exception exception, bool deadlineExceeded, bool enableDetailedErrors) => exception switch
    {
        RpcException rpc => rpc.Status,
        OperationCanceledException when deadlineExceeded => new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."),
        OperationCanceledException => new Status(StatusCode.Cancelled, "The call was cancelled."),
        InvalidProtocolBufferException => new Status(StatusCode.Internal, "Failed to deserialize a message."),
        _ => new Status(
            StatusCode.Unknown,
            enableDetailedErrors ? $"{UnexpectedFailureDetail} {exception.GetType().Name}: {exception.Message}" : UnexpectedFailureDetail),
    };
}
