using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Download;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Transfers;
using MediaGrpc.Server.Transfers.Redis;
using MediaGrpc.Server.Upload;
using MediaGrpc.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Hosting;

/// <summary>All of the service's wiring, in one place.</summary>
public static class MediaGrpcHostingExtensions
{
    /// <summary>Registers the gRPC layer, the media services and the configured blob store.</summary>
    public static WebApplicationBuilder AddMediaGrpc(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var kestrel = new GrpcKestrelOptions();
        builder.Configuration.GetSection(GrpcKestrelOptions.SectionName).Bind(kestrel);
        if (kestrel.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(GrpcKestrelOptions.SectionName, typeof(GrpcKestrelOptions), problems);
        }

        builder.WebHost.ConfigureKestrelForGrpc(kestrel);
        var services = builder.Services;

        services.AddGrpcHosting(
            [UploadService.Descriptor.FullName, DownloadService.Descriptor.FullName, MediaService.Descriptor.FullName, TransferService.Descriptor.FullName],
            grpc =>
            {
                grpc.Interceptors.Add<StoreFailureInterceptor>();
            });
        builder.AddMediaGrpcIdentity();
        services.AddOwnerRateLimiting();

        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateOnStart();
        services.AddSingleton<MediaOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<MediaOptions>>(sp => sp.GetRequiredService<MediaOptionsSetup>());
        services.AddSingleton<IValidateOptions<MediaOptions>>(sp => sp.GetRequiredService<MediaOptionsSetup>());

        AddBlobStore(builder);
        AddTransferRegistry(builder);

        services.AddSingleton<MediaCatalog>();
        services.AddSingleton<MediaReader>();
        services.AddSingleton<ExpiredMediaSweeper>();
        services.AddHostedService<ExpiredMediaSweepService>();
        services.AddMetrics();
        services.AddSingleton<DownloadMetrics>();
        services.AddSingleton<IdempotencyIndex>();
        services.AddSingleton<UploadStarter>();
        services.AddSingleton<UploadLimitsDescription>();
        services.AddSingleton<UploadCommitter>();
        services.AddSingleton<CompletedUploadRetention>();
        services.AddSingleton<UploadWriterLocks>();

        // One instance each, as the services keep no per-call state.
        services.AddSingleton<UploadGrpcService>();
        services.AddSingleton<DownloadGrpcService>();
        services.AddSingleton<MediaGrpcService>();
        services.AddSingleton<TransferGrpcService>();
        builder.AddMediaGrpcTelemetry();
        return builder;
    }

    /// <summary>
    /// Puts caller identity (authentication, authorization) and, when on, the per-owner call
    /// rate limit in the pipeline, and maps the gRPC endpoints: the media services, which need
    /// an owner, and health and reflection, which need nothing.
    /// </summary>
    public static WebApplication MapMediaGrpc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMediaGrpcIdentity();
        var rateLimited = OwnerRateLimiting.IsEnabled(app.Services);
        if (rateLimited)
        {
            app.UseRateLimiter();
        }

        foreach (var service in new[]
        {
            app.MapGrpcService<UploadGrpcService>(),
            app.MapGrpcService<DownloadGrpcService>(),
            app.MapGrpcService<MediaGrpcService>(),
            app.MapGrpcService<TransferGrpcService>(),
        })
        {
            service.RequireAuthorization(IdentitySchemes.OwnerPolicy);
            if (rateLimited)
            {
                service.RequireRateLimiting(OwnerRateLimiting.PolicyName);
            }
        }

        app.MapGrpcHosting();
        return app;
    }

    /// <summary>
    /// Runs a one-shot command instead of serving, when the first argument names one:
    /// <c>lifecycle-policy</c> prints the Azure lifecycle policy for the configured TTL classes.
    /// </summary>
    public static bool TryRunCommand(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        if (args is not ["lifecycle-policy", ..])
        {
            return false;
        }

        var media = app.Services.GetRequiredService<IOptions<MediaOptions>>().Value;
        // Only the container name: printing the policy needs no account or credential.
        var container = app.Configuration.GetSection(AzureBlobStoreOptions.SectionName).Get<AzureBlobStoreOptions>()?.ContainerName
            ?? new AzureBlobStoreOptions().ContainerName;
        Console.Out.Write(LifecyclePolicy.Build(media, container));
        return true;
    }

    private static void AddTransferRegistry(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransferOptions>, TransferOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        var transfers = builder.Configuration.GetSection(TransferOptions.SectionName).Get<TransferOptions>() ?? new TransferOptions();
        switch (transfers.Provider)
        {
            case TransferRegistryProvider.InProcess:
                services.AddSingleton<ITransferRegistry, InProcessTransferRegistry>();
                break;
            case TransferRegistryProvider.Redis:
                // One multiplexer per process; a host that already registered one keeps it.
                services.TryAddSingleton(RedisConnectionFactory.Connect);
                services.AddSingleton<ITransferRegistry, RedisTransferRegistry>();
                break;
            default:
                throw new InvalidOperationException($"Transfers:Provider '{transfers.Provider}' is not supported.");
        }

        services.AddSingleton<TransferTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<TransferTracker>());
    }

    private static void AddBlobStore(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        switch (storage.Provider)
        {
            case StorageProvider.LocalDisk:
                services.AddOptions<LocalDiskBlobStoreOptions>().BindConfiguration("Storage:LocalDisk");
                services.AddSingleton<IBlobStore, LocalDiskBlobStore>();
                break;
            case StorageProvider.AzureBlob:
                services.AddAzureBlobStore(builder.Configuration.GetSection(AzureBlobStoreOptions.SectionName));
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider '{storage.Provider}' is not supported.");
        }
    }
}
