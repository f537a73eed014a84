using Microsoft.Extensions.Logging;

namespace MediaGrpc.Redis.Tests.Support;

/// <summary>Keeps every log event written through it, so tests can assert what was (and was not) logged.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<LogRecord> _records = [];

    public IReadOnlyList<LogRecord> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var record = new LogRecord(logLevel, eventId.Id, formatter(state, exception), exception);
        lock (_records)
        {
            _records.Add(record);
        }
    }
}
