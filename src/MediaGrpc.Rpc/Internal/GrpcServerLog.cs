using Microsoft.Extensions.Logging;

namespace MediaGrpc.Rpc.Internal;

/// <summary>Log events of the gRPC server; event IDs are stable.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Debug, "gRPC call {Method} started")]
    public static partial void CallStarted(ILogger logger, string method);

    [LoggerMessage(2, LogLevel.Debug, "gRPC call {Method} ended with {StatusCode}")]
    public static partial void CallEnded(ILogger logger, string method, StatusCode statusCode);

    [LoggerMessage(3, LogLevel.Information, "gRPC call {Method} refused: {StatusCode} {Detail}")]
    public static partial void CallRefused(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(4, LogLevel.Error, "gRPC handler for {Method} failed")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(5, LogLevel.Debug, "gRPC call {Method} cancelled by the client")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(6, LogLevel.Debug, "gRPC call {Method} passed its deadline")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(7, LogLevel.Information, "Request to {Path} refused: content type '{ContentType}' is not gRPC")]
    public static partial void UnsupportedContentType(ILogger logger, string path, string? contentType);

    [LoggerMessage(8, LogLevel.Information, "gRPC call to unknown method {Path}")]
    public static partial void UnknownMethod(ILogger logger, string path);

    [LoggerMessage(9, LogLevel.Information, "Bound gRPC service {Service}: {Bound} of {Declared} methods implemented")]
    public static partial void ServiceBound(ILogger logger, string service, int bound, int declared);
}
