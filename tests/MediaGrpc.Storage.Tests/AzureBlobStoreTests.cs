using MediaGrpc.Testing;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Tests;

/// <summary>The behaviour suite against <see cref="AzureBlobStore"/> on Azurite, a fresh container per test.</summary>
public sealed class AzureBlobStoreTests : BlobStoreBehaviour, IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AzureBlobClient _client;
    private readonly string _container = "t" + Guid.NewGuid().ToString("N");

    public AzureBlobStoreTests(AzuriteFixture azurite)
    {
        _client = new AzureBlobClient(Options.Create(new AzureBlobClientOptions { ConnectionString = azurite.ConnectionString }));
    }

    public override async Task DisposeAsync() => await _client.DeleteContainerAsync(_container, CancellationToken.None);

    public void Dispose() => _client.Dispose();

    protected override Task<IBlobStore> CreateStoreAsync()
        => Task.FromResult<IBlobStore>(new AzureBlobStore(_client, Options.Create(new AzureBlobStoreOptions { ContainerName = _container })));

    [Fact(Timeout = 60_000)]
    public async Task Staged_blocks_are_azure_blocks_whose_ids_decode_to_offsets()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 4096, new byte[3], CancellationToken.None);

        var list = await _client.GetBlockListAsync(_container, name, CancellationToken.None);

        var block = Assert.Single(list.Uncommitted);
        Assert.Equal(3, block.Size);
        Assert.Equal("000000000000000000004096"u8.ToArray(), Convert.FromBase64String(block.Id));
        Assert.Empty(list.Committed);
    }
}
