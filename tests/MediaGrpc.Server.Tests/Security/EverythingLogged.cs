using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// Every log event a server writes, at every level, as text: the formatted message, each
/// structured value, the scopes around it and the exception with its stack; plus the events
/// of the EventSources that libraries log to outside ILogger (IdentityModel, the Azure SDK).
/// What a log shipper could ever see, for tests that look for secrets in it.
/// </summary>
internal sealed class EverythingLogged : EventListener, ILoggerProvider, ISupportExternalScope
{
    private static readonly string[] s_eventSources = ["Microsoft-IdentityModel", "Azure-Core", "Azure-Identity", "Azure-Storage-Blobs"];
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (s_eventSources.Contains(eventSource.Name))
        {
            EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var payload = eventData.Payload is null ? string.Empty : string.Join(" | ", eventData.Payload);
        _lines.Enqueue($"{eventData.EventSource.Name}[{eventData.EventId}] {eventData.Level}: {eventData.Message} {payload}");
    }

    private sealed class Logger(EverythingLogged owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new System.Text.StringBuilder();
            line.Append(category).Append('[').Append(eventId.Id).Append("] ").Append(logLevel).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            owner._scopes.ForEachScope((scope, text) => text.Append(" | scope: ").Append(scope), line);
            if (exception is not null)
            {
                line.Append(" | exception: ").Append(exception);
            }

            owner._lines.Enqueue(line.ToString());
        }
    }
}
