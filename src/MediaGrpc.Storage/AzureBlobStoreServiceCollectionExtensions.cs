using Azure.Core;
using Azure.Storage.Blobs;
using MediaGrpc.Storage.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage;

/// <summary>Registers <see cref="AzureBlobStore"/> and the one service client it shares.</summary>
public static class AzureBlobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AzureBlobStoreOptions"/> from <paramref name="section"/> (validated at
    /// start-up), its <c>Retry</c> sub-section onto the SDK's retry options, registers one
    /// <see cref="BlobServiceClient"/> and <see cref="AzureBlobStore"/> as the <see cref="IBlobStore"/>,
    /// and, for a token credential, a start-up check that a token can be had. A
    /// <c>SasToken</c> that changes in the configuration (on reload) is used from then on.
    /// </summary>
    public static IServiceCollection AddAzureBlobStore(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<AzureBlobStoreOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureBlobStoreOptions>, AzureBlobStoreOptionsValidator>();
        services.AddSingleton<AzureBlobStoreCredential>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AzureBlobStoreOptions>>().Value;
            var clientOptions = AzureBlobServiceClientFactory.CreateClientOptions();

            // The keys every Azure SDK client reads: Retry:MaxRetries, Delay, MaxDelay, Mode, NetworkTimeout.
            section.GetSection("Retry").Bind(clientOptions.Retry);
            var credential = sp.GetRequiredService<AzureBlobStoreCredential>();
            return credential.Sas is { } sas
                ? new BlobServiceClient(options.ServiceUri, sas, clientOptions)
                : AzureBlobServiceClientFactory.Create(options, clientOptions, credential.Token);
        });
        services.AddSingleton<AzureBlobStore>();
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<AzureBlobStore>());
        services.AddHostedService<AzureCredentialStartupCheck>();
        return services;
    }
}
