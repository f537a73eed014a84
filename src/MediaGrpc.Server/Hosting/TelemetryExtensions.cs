using MediaGrpc.Server.Download;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Telemetry;
using MediaGrpc.Server.Transfers;
using MediaGrpc.Server.Upload;
using MediaGrpc.Storage;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// OpenTelemetry for the service: the gRPC calls (ASP.NET Core), outgoing HTTP (Azure Blob),
/// the Azure SDK, Redis commands (the registry's multiplexer, when Redis is configured), and
/// the service's own spans and meters; exported with OTLP when the standard
/// OTEL_EXPORTER_OTLP_* variables say where, and served to Prometheus on <c>Metrics:Urls</c>.
/// </summary>
internal static class TelemetryExtensions
{
    /// <summary>The service's own meters, as exported.</summary>
    public static readonly string[] MeterNames = [UploadMetrics.MeterName, DownloadMetrics.MeterName, TransferMetrics.MeterName, LimitMetrics.MeterName];

    public static void AddMediaGrpcTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton<ServerTracing>();
        services.AddSingleton<UploadMetrics>();
        services.AddSingleton<TransferMetrics>();

        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var metrics = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        var prometheus = metrics.ListenerAddress();
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!otlp && prometheus is null && !telemetry.Enabled)
        {
            return;
        }

        // Azure.Core publishes its spans on ActivitySources only when asked to.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        DecorateBlobStore(services);
        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "mediagrpc"))
            .WithTracing(tracing => tracing
                .AddSource(ServerTracing.SourceName)
                .AddSource("Azure.*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRedisInstrumentation())
            .WithMetrics(meters => meters
                .AddMeter(MeterNames)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (otlp)
        {
            openTelemetry.UseOtlpExporter();
        }

        if (prometheus is not null)
        {
            openTelemetry.WithMetrics(meters => meters.AddPrometheusHttpListener(listener =>
            {
                listener.Host = prometheus.Host;
                listener.Port = prometheus.Port;
            }));
        }
    }

    /// <summary>Wraps whichever blob store is registered in <see cref="TracedBlobStore"/>.</summary>
    private static void DecorateBlobStore(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IBlobStore));
        services.Remove(registered);
        services.AddSingleton<IBlobStore>(sp => new TracedBlobStore(Resolve(sp, registered), sp.GetRequiredService<ServerTracing>()));
    }

    private static IBlobStore Resolve(IServiceProvider services, ServiceDescriptor registered) =>
        (IBlobStore)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}
