using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MediaGrpc.Testing;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Tests;

/// <summary>The behaviour suite against <see cref="AzureBlobStore"/> on Azurite, a fresh container per test.</summary>
public sealed class AzureBlobStoreTests : BlobStoreBehaviour, IClassFixture<AzuriteFixture>
{
    private readonly BlobServiceClient _service;
    private readonly string _container = "t" + Guid.NewGuid().ToString("N");

    public AzureBlobStoreTests(AzuriteFixture azurite)
    {
        _service = AzureBlobServiceClientFactory.Create(new AzureBlobStoreOptions { ConnectionString = azurite.ConnectionString });
    }

    public override async Task DisposeAsync() => await _service.GetBlobContainerClient(_container).DeleteIfExistsAsync();

    protected override Task<IBlobStore> CreateStoreAsync()
        => Task.FromResult<IBlobStore>(new AzureBlobStore(_service, Options.Create(new AzureBlobStoreOptions { ContainerName = _container })));

    [Fact(Timeout = 60_000)]
    public async Task Staged_blocks_are_azure_blocks_whose_ids_decode_to_offsets()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 4096, new byte[3], CancellationToken.None);

        BlockList list = await _service.GetBlobContainerClient(_container).GetBlockBlobClient(name).GetBlockListAsync(BlockListTypes.All);

        var block = Assert.Single(list.UncommittedBlocks);
        Assert.Equal(3, block.SizeLong);
        Assert.Equal("000000000000000000004096"u8.ToArray(), Convert.FromBase64String(block.Name));
        Assert.Empty(list.CommittedBlocks);
    }

    [Fact(Timeout = 60_000)]
    public async Task Block_staged_with_its_precomputed_md5_commits_and_a_wrong_md5_is_refused_by_the_service()
    {
        var name = NewBlobName();
        var block = RandomNumberGenerator.GetBytes(70_000);
#pragma warning disable CA5351 // Content-MD5 is the service's transport check.
        var md5 = MD5.HashData(block);
#pragma warning restore CA5351
        var wrong = (byte[])md5.Clone();
        wrong[0] ^= 0xFF;

        Assert.True(Store.ChecksBlockMd5);
        var refused = await Assert.ThrowsAsync<BlobStoreException>(() => Store.StageBlockAsync(name, 0, block, wrong, CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(refused.IsTransient);
        Assert.Empty(await Store.GetStagedBlocksAsync(name, CancellationToken.None));

        await Store.StageBlockAsync(name, 0, block, md5, CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        await using var read = await Store.OpenReadAsync(name, 0, null, CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(block, copy.ToArray());
    }
}
