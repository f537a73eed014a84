using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Connections;
using MediaGrpc.Server.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Hosting;

/// <summary>The gRPC hosting of the service on Grpc.AspNetCore: Kestrel, options, interceptors, health and reflection.</summary>
public static class GrpcHostingExtensions
{
    /// <summary>
    /// Request headers past this size (256 KiB in all) are refused by Kestrel itself (HTTP 431 on
    /// the stream, which gRPC clients report as INTERNAL); below it,
    /// <see cref="GrpcServerOptions.MaxRequestMetadataSize"/> answers per call with RESOURCE_EXHAUSTED.
    /// </summary>
    public const int HardHeaderLimit = 256 * 1024;

    /// <summary>
    /// Serves HTTP/2 only on every endpoint, so plain-http endpoints speak h2c with prior
    /// knowledge (with HTTP/1 also enabled and no TLS, Kestrel would quietly serve
    /// HTTP/1.1 only), and applies <see cref="GrpcKestrelOptions"/>: flow-control windows,
    /// which bound streaming throughput far more than the CPU does on loopback and fast
    /// networks, concurrent streams, keep-alive pings, idle connections and the size of the
    /// blocks connections buffer in.
    /// </summary>
    /// <remarks>
    /// Kestrel's header limits are raised to <see cref="HardHeaderLimit"/>: past its own
    /// limits Kestrel closes the whole connection, failing every call on it, while
    /// <see cref="GrpcServerOptions.MaxRequestMetadataSize"/> refuses only the one call. The
    /// hard limit still bounds what a peer can make us buffer. Kestrel's protection against
    /// rapid-reset floods (CVE-2023-44487) stays on.
    /// </remarks>
    public static IWebHostBuilder ConfigureKestrelForGrpc(this IWebHostBuilder builder, Action<GrpcKestrelOptions>? configure = null)
    {
        var options = new GrpcKestrelOptions();
        configure?.Invoke(options);
        return builder.ConfigureKestrelForGrpc(options);
    }

    /// <summary>Applies <paramref name="options"/> as <see cref="ConfigureKestrelForGrpc(IWebHostBuilder, Action{GrpcKestrelOptions})"/> does.</summary>
    public static IWebHostBuilder ConfigureKestrelForGrpc(this IWebHostBuilder builder, GrpcKestrelOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BufferBlockSize > 0)
        {
            // Kestrel's socket transport creates its pools from this service.
            builder.ConfigureServices(services => services.Replace(
                ServiceDescriptor.Singleton<IMemoryPoolFactory<byte>>(new LargeBlockMemoryPoolFactory(options.BufferBlockSize))));
        }

        return builder.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            var limits = kestrel.Limits;
            limits.Http2.InitialConnectionWindowSize = options.FlowControlWindow;
            limits.Http2.InitialStreamWindowSize = options.FlowControlWindow;
            limits.Http2.MaxStreamsPerConnection = options.MaxStreamsPerConnection;
            limits.Http2.KeepAlivePingDelay = options.KeepAlivePingDelay;
            limits.Http2.KeepAlivePingTimeout = options.KeepAlivePingTimeout;
            limits.KeepAliveTimeout = options.IdleConnectionTimeout;
            limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            limits.MaxRequestHeadersTotalSize = HardHeaderLimit;
            limits.Http2.MaxRequestHeaderFieldSize = HardHeaderLimit;
            // Kestrel's default of 100 header fields would close the whole connection with
            // PROTOCOL_ERROR for a call with more; HTTP/2 counts at least 32 bytes per field, so
            // past this many the hard size limit is reached anyway, and below it
            // Grpc:MaxRequestMetadataSize refuses just the one call.
            limits.MaxRequestHeaderCount = HardHeaderLimit / 32;
        });
    }

    /// <summary>
    /// Adds Grpc.AspNetCore with the <c>Grpc</c> section's limits, the interceptors every
    /// call passes (errors, limits, then those <paramref name="configureInterceptors"/> adds, in order), gRPC
    /// reflection and grpc.health.v1 (NOT_SERVING once shutdown starts) for the server ("")
    /// and each of <paramref name="healthServices"/>.
    /// </summary>
    public static IServiceCollection AddGrpcHosting(
        this IServiceCollection services,
        IEnumerable<string> healthServices,
        Action<GrpcServiceOptions>? configureInterceptors = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(healthServices);
        services.AddOptions<GrpcServerOptions>().BindConfiguration(GrpcServerOptions.SectionName)
            .Validate(o => o.MaxReceiveMessageSize > 0, "Grpc:MaxReceiveMessageSize must be positive.")
            .Validate(o => o.MaxSendMessageSize is null or > 0, "Grpc:MaxSendMessageSize must be positive when set.")
            .Validate(o => o.MaxRequestMetadataSize > 0, "Grpc:MaxRequestMetadataSize must be positive.")
            .Validate(o => o.MaxCallDuration is null || o.MaxCallDuration > TimeSpan.Zero, "Grpc:MaxCallDuration must be positive when set.")
            .Validate(o => o.StreamIdleTimeout is null || o.StreamIdleTimeout > TimeSpan.Zero, "Grpc:StreamIdleTimeout must be positive when set.")
            .Validate(o => o.ResponseCompression is null or "identity" or "gzip", "Grpc:ResponseCompression must be 'gzip', 'identity' or unset.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<LimitMetrics>();

        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ErrorMappingInterceptor>();
            grpc.Interceptors.Add<CallLimitsInterceptor>();
            configureInterceptors?.Invoke(grpc);
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<GrpcServerOptions>>((grpc, ours) =>
        {
            var o = ours.Value;
            grpc.MaxReceiveMessageSize = o.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = o.MaxSendMessageSize;
            grpc.EnableDetailedErrors = o.EnableDetailedErrors;
            grpc.ResponseCompressionAlgorithm = o.ResponseCompression is "gzip" ? "gzip" : null;
        });

        services.AddGrpcReflection();
        var names = healthServices.ToList();
        services.AddGrpcHealthChecks(health =>
        {
            foreach (var name in names)
            {
                health.Services.Map(name, _ => true);
            }
        }).AddCheck<DrainingHealthCheck>("draining");
        return services;
    }

    /// <summary>Maps grpc.health.v1 and, unless <c>Grpc:EnableReflection</c> is false, gRPC reflection v1 and v1alpha.</summary>
    public static IEndpointRouteBuilder MapGrpcHosting(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcHealthChecksService();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<GrpcServerOptions>>().Value.EnableReflection)
        {
            endpoints.MapGrpcReflectionService();
        }

        return endpoints;
    }
}
