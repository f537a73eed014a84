using Microsoft.Extensions.Logging;

namespace MediaGrpc.Redis.Internal;

/// <summary>Every log event of the Redis client, with fixed event IDs (1xxx). Passwords are never arguments.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Connected to Redis at {Endpoint}, database {Database}")]
    public static partial void Connected(ILogger logger, string endpoint, int database);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Could not connect to Redis at {Endpoint}")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Closed the Redis connection to {Endpoint}; {Pending} commands were still in flight")]
    public static partial void Closed(ILogger logger, string endpoint, int pending);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Lost the Redis connection to {Endpoint}; {Pending} commands were in flight")]
    public static partial void Disconnected(ILogger logger, string endpoint, int pending, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Redis at {Endpoint} sent data that is not valid RESP; closing the connection")]
    public static partial void ProtocolError(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Ignored a RESP3 push message from Redis at {Endpoint}: no subscriber is attached")]
    public static partial void PushIgnored(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Subscriber connected to Redis at {Endpoint}; renewed {Channels} channels and {Patterns} patterns")]
    public static partial void Subscribed(ILogger logger, string endpoint, int channels, int patterns);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "The handler of a message on {Channel} failed")]
    public static partial void MessageHandlerFailed(ILogger logger, string channel, Exception exception);
}
