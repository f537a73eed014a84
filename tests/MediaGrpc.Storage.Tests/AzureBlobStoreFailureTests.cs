using System.Net;
using MediaGrpc.Testing;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Tests;

/// <summary>What the SDK throws reaches callers as the port's few exceptions.</summary>
public sealed class AzureBlobStoreFailureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Storage_out_of_reach_is_a_transient_store_failure_without_status()
    {
        var endpoint = $"http://127.0.0.1:{FreePort.Next()}/{AzuriteDevelopmentAccount.Name}";
        var clientOptions = AzureBlobServiceClientFactory.CreateClientOptions();
        clientOptions.Retry.MaxRetries = 1;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var options = new AzureBlobStoreOptions { ConnectionString = AzuriteDevelopmentAccount.ConnectionString(endpoint) };
        var store = new AzureBlobStore(AzureBlobServiceClientFactory.Create(options, clientOptions), Options.Create(options));

        var read = await Assert.ThrowsAsync<BlobStoreException>(() => store.OpenReadAsync("ttl-7d/media/a", 0, null, CancellationToken.None));
        var stage = await Assert.ThrowsAsync<BlobStoreException>(() => store.StageBlockAsync("ttl-7d/media/a", 0, new byte[10], CancellationToken.None));

        Assert.All([read, stage], e =>
        {
            Assert.Null(e.StatusCode);
            Assert.True(e.IsTransient);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Writing_into_a_missing_container_is_a_store_failure_and_reading_from_it_is_not_found()
    {
        var options = new AzureBlobStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            ContainerName = "missing" + Guid.NewGuid().ToString("N")[..20],
            CreateContainerIfNotExists = false,
        };
        var store = new AzureBlobStore(AzureBlobServiceClientFactory.Create(options), Options.Create(options));

        var write = await Assert.ThrowsAsync<BlobStoreException>(() => store.StageBlockAsync("ttl-7d/media/a", 0, new byte[10], CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync("ttl-7d/media/a", 0, null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        Assert.Equal("ContainerNotFound", write.ErrorCode);
        Assert.False(write.IsTransient);
        Assert.Null(await store.GetPropertiesAsync("ttl-7d/media/a", CancellationToken.None));
        Assert.Empty(await store.GetStagedBlocksAsync("ttl-7d/media/a", CancellationToken.None));
        Assert.False(await store.DeleteAsync("ttl-7d/media/a", CancellationToken.None));
    }
}
