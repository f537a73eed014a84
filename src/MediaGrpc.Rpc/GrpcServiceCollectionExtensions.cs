using MediaGrpc.Rpc.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaGrpc.Rpc;

/// <summary>Registers the gRPC server and its services.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gRPC protocol layer, grpc.health.v1 and (unless disabled in options)
    /// grpc.reflection. Options bind from the <c>Grpc</c> configuration section when
    /// the host binds them; <paramref name="configure"/> runs after.
    /// </summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrpcServerOptions>().BindConfiguration(GrpcServerOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.MaxReceiveMessageSize > 0, "Grpc:MaxReceiveMessageSize must be positive.")
            .Validate(o => o.MaxSendMessageSize is null or > 0, "Grpc:MaxSendMessageSize must be positive when set.")
            .Validate(o => o.MaxRequestMetadataSize > 0, "Grpc:MaxRequestMetadataSize must be positive.")
            .Validate(o => o.MaxCallDuration is null || o.MaxCallDuration > TimeSpan.Zero, "Grpc:MaxCallDuration must be positive when set.")
            .Validate(o => o.StreamIdleTimeout is null || o.StreamIdleTimeout > TimeSpan.Zero, "Grpc:StreamIdleTimeout must be positive when set.")
            .Validate(
                o => o.ResponseCompression is null or "identity" or "gzip",
                "Grpc:ResponseCompression must be 'gzip', 'identity' or unset.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<GrpcServerMetrics>();
        services.TryAddSingleton<GrpcServerRuntime>();
        services.TryAddSingleton<GrpcServiceCatalog>();
        services.TryAddSingleton<HealthStatusRegistry>();
        services.TryAddSingleton<ReflectionService>();
        services.AddHostedService<HealthShutdownNotifier>();
        services.AddSingleton<IGrpcService, HealthService>();
        return services;
    }

    /// <summary>Adds a service implementation; it is bound when <c>MapGrpcServices</c> runs.</summary>
    public static IServiceCollection AddGrpcService<TService>(this IServiceCollection services)
        where TService : class, IGrpcService
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TService>();
        services.AddSingleton<IGrpcService>(sp => sp.GetRequiredService<TService>());
        return services;
    }

    /// <summary>Adds an interceptor around every call; interceptors run in the order added.</summary>
    public static IServiceCollection AddGrpcInterceptor<TInterceptor>(this IServiceCollection services)
        where TInterceptor : class, IServerInterceptor
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IServerInterceptor, TInterceptor>();
        return services;
    }
}
