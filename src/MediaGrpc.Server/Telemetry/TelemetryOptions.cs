namespace MediaGrpc.Server.Telemetry;

/// <summary>
/// Configuration section "Telemetry". Traces and metrics are collected only when something
/// consumes them: an OTLP endpoint (the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable),
/// the Prometheus endpoint (<see cref="MetricsOptions.Urls"/>), or <see cref="Enabled"/>.
/// Otherwise no OpenTelemetry provider runs and instrumentation costs nothing.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Collect traces and metrics even with no exporter configured here, for exporters added in
    /// code (tests use an in-memory one). Default false.
    /// </summary>
    public bool Enabled { get; set; }
}
