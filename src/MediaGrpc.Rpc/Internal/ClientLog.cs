using Microsoft.Extensions.Logging;

namespace MediaGrpc.Rpc.Internal;

/// <summary>Log events of client calls (event IDs 200-299). A failing call is the caller's business, so all are Debug.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Starting call {Method}.")]
    public static partial void CallStarting(ILogger logger, string method);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallFinished(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Call {Method} failed locally with {StatusCode}.")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, Exception exception);
}
