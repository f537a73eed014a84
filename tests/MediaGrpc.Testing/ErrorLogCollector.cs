using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Testing;

/// <summary>
/// A logger provider that keeps every event at Error or above, so a functional test can
/// fail when the server under test logged a failure the test did not expect.
/// </summary>
public sealed class ErrorLogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    /// <summary>Each error event as "category[event id]: message exception".</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _errors);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.Enqueue($"{category}[{eventId.Id}]: {formatter(state, exception)} {exception}");
            }
        }
    }
}
