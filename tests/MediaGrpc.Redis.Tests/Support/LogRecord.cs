using Microsoft.Extensions.Logging;

namespace MediaGrpc.Redis.Tests.Support;

/// <summary>One event captured by <see cref="RecordingLogger{T}"/>, with its message already formatted.</summary>
internal sealed record LogRecord(LogLevel Level, int EventId, string Message, Exception? Exception);
