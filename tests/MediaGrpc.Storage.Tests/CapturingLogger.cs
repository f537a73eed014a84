using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Storage.Tests;

/// <summary>Keeps every log line, at every level, so tests can check what would reach a log.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _lines.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
}
