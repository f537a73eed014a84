using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// The server's instruments, on the meter <c>MediaGrpc.Rpc.Server</c> (names after
/// OpenTelemetry's RPC conventions). Recorded in one place, the call pipeline of
/// <see cref="ServerCallHandler"/>, so every call counts the same way.
/// </summary>
internal sealed class GrpcServerMetrics
{
    public const string MeterName = "MediaGrpc.Rpc.Server";

    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _messagesSent;

    public GrpcServerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _started = meter.CreateCounter<long>("rpc.server.calls.started", "{call}", "Calls the server began to serve.");
        _completed = meter.CreateCounter<long>("rpc.server.calls.completed", "{call}", "Calls ended, by gRPC status code.");
        _duration = meter.CreateHistogram<double>("rpc.server.call.duration", "s", "Time from a call's headers to its status.");
        _messagesReceived = meter.CreateCounter<long>("rpc.server.messages.received", "{message}", "Request messages read.");
        _messagesSent = meter.CreateCounter<long>("rpc.server.messages.sent", "{message}", "Response messages written.");
    }

    public void CallStarted(string method) => _started.Add(1, new KeyValuePair<string, object?>("rpc.method", method));

    public void CallCompleted(string method, StatusCode code, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "rpc.method", method },
            { "rpc.grpc.status_code", (int)code },
        };
        _completed.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void MessageReceived(string method) => _messagesReceived.Add(1, new KeyValuePair<string, object?>("rpc.method", method));

    public void MessageSent(string method) => _messagesSent.Add(1, new KeyValuePair<string, object?>("rpc.method", method));
}
