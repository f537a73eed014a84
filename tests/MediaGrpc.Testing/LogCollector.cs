using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Testing;

/// <summary>
/// A logger provider that keeps every formatted event at or above a level, so a test can
/// check what reached the logs (no injected lines, no secrets), not only that nothing failed.
/// </summary>
public sealed class LogCollector(LogLevel minimum = LogLevel.Trace) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    /// <summary>Each event as "category[event id]: message exception".</summary>
    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, minimum, _messages);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogLevel minimum, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                messages.Enqueue($"{category}[{eventId.Id}]: {formatter(state, exception)} {exception}");
            }
        }
    }
}
