using System.Net;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using MediaGrpc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaGrpc.Storage.Tests;

/// <summary>A SAS token rotated in the configuration is used from the next request on, without a restart.</summary>
public sealed class AzureBlobStoreSasRotationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Rotated_sas_token_in_reloaded_configuration_is_used_by_the_next_request()
    {
        var container = "c" + Guid.NewGuid().ToString("N");
        var keyed = new BlobServiceClient(
            new Uri(azurite.BlobEndpoint),
            new StorageSharedKeyCredential(AzuriteDevelopmentAccount.Name, AzuriteDevelopmentAccount.Key),
            AzureBlobServiceClientFactory.CreateClientOptions());
        await keyed.GetBlobContainerClient(container).CreateAsync();
        var readOnly = Sas(keyed, AccountSasPermissions.Read | AccountSasPermissions.List);
        var readWrite = Sas(keyed, AccountSasPermissions.All);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:AzureBlob:ServiceUri"] = azurite.BlobEndpoint,
                ["Storage:AzureBlob:SasToken"] = readOnly,
                ["Storage:AzureBlob:ContainerName"] = container,
                ["Storage:AzureBlob:CreateContainerIfNotExists"] = "false",
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddAzureBlobStore(configuration.GetSection(AzureBlobStoreOptions.SectionName));
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IBlobStore>();

        var refused = await Assert.ThrowsAsync<BlobStoreException>(() => store.StageBlockAsync("ttl-1d/media/a", 0, new byte[100], CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        configuration["Storage:AzureBlob:SasToken"] = readWrite;
        configuration.Reload();

        await store.StageBlockAsync("ttl-1d/media/a", 0, new byte[100], CancellationToken.None);
        var committed = await store.CommitAsync("ttl-1d/media/a", new BlobCommitOptions(), CancellationToken.None);
        Assert.Equal(100, committed.Length);
        await keyed.GetBlobContainerClient(container).DeleteAsync();
    }

    private static string Sas(BlobServiceClient keyed, AccountSasPermissions permissions)
        => keyed.GenerateAccountSasUri(permissions, DateTimeOffset.UtcNow.AddHours(1), AccountSasResourceTypes.All).Query;
}
