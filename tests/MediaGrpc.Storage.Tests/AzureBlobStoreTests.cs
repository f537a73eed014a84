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

    [Fact(Timeout = 60_000)]
    public async Task Block_staged_with_its_precomputed_md5_commits_and_a_wrong_md5_is_refused_by_the_service()
    {
        var name = NewBlobName();
        var block = System.Security.Cryptography.RandomNumberGenerator.GetBytes(70_000);
#pragma warning disable CA5351 // Content-MD5 is the service's transport check.
        var md5 = System.Security.Cryptography.MD5.HashData(block);
#pragma warning restore CA5351
        var wrong = (byte[])md5.Clone();
        wrong[0] ^= 0xFF;

        Assert.True(Store.ChecksBlockMd5);
        var refused = await Assert.ThrowsAsync<BlobStoreException>(() => Store.StageBlockAsync(name, 0, block, wrong, CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Empty(await Store.GetStagedBlocksAsync(name, CancellationToken.None));

        await Store.StageBlockAsync(name, 0, block, md5, CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        await using var read = await Store.OpenReadAsync(name, 0, null, CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(block, copy.ToArray());
    }
}
