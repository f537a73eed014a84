using System.Net;
using System.Security.Cryptography;

namespace MediaGrpc.Storage.Tests;

/// <summary>
/// What every <see cref="IBlobStore"/> must do, run once per implementation by the derived
/// classes, so the local disk store and the Azure store behave the same.
/// </summary>
public abstract partial class BlobStoreBehaviour : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private IBlobStore? _store;

    protected IBlobStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public abstract Task DisposeAsync();

    protected abstract Task<IBlobStore> CreateStoreAsync();

    [Fact(Timeout = 60_000)]
    public async Task Committed_blob_reads_back_byte_identical()
    {
        var name = NewBlobName();
        var content = RandomNumberGenerator.GetBytes((3 * MiB) + 12_345);

        await StageInChunksAsync(name, content, chunkSize: MiB);
        var committed = await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);

        Assert.Equal(content.Length, committed.Length);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync(name, 0, null)));
        Assert.Equal(content.Length, (await Store.GetPropertiesAsync(name, CancellationToken.None))!.Length);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(0L, 10L)]
    [InlineData(1000L, 5000L)]
    [InlineData(65_536L, null)]
    [InlineData(99_990L, 100L)]
    [InlineData(100_000L, null)]
    [InlineData(100_000L, 50L)]
    public async Task Ranged_read_returns_exactly_the_requested_bytes(long offset, long? length)
    {
        var name = NewBlobName();
        var content = RandomNumberGenerator.GetBytes(100_000);
        await Store.PutAsync(name, content, new BlobCommitOptions(), CancellationToken.None);

        var read = await ReadAllAsync(name, offset, length);

        var end = (int)Math.Min(content.Length, offset + (length ?? content.Length));
        Assert.Equal(content[(int)offset..end], read);
    }

    [Fact(Timeout = 60_000)]
    public async Task Read_starting_past_the_end_fails_with_invalid_range()
    {
        var name = NewBlobName();
        await Store.PutAsync(name, new byte[10], new BlobCommitOptions(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => Store.OpenReadAsync(name, 11, null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.StatusCode);
        Assert.Equal(BlobErrorCodes.InvalidRange, error.ErrorCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Staged_blocks_report_offsets_so_a_resume_knows_the_persisted_offset()
    {
        var name = NewBlobName();
        Assert.Empty(await Store.GetStagedBlocksAsync(name, CancellationToken.None));

        await Store.StageBlockAsync(name, 100, new byte[150], CancellationToken.None);
        await Store.StageBlockAsync(name, 0, new byte[100], CancellationToken.None);
        await Store.StageBlockAsync(name, 400, new byte[100], CancellationToken.None);
        var blocks = await Store.GetStagedBlocksAsync(name, CancellationToken.None);

        Assert.Equal([new StagedBlock(0, 100), new StagedBlock(100, 150), new StagedBlock(400, 100)], blocks);
        Assert.Equal(250, StagedBlock.PersistedOffset(blocks));
    }

    [Fact(Timeout = 60_000)]
    public async Task Staging_an_offset_again_replaces_that_block()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 0, new byte[10], CancellationToken.None);
        await Store.StageBlockAsync(name, 0, Enumerable.Repeat((byte)7, 20).ToArray(), CancellationToken.None);

        Assert.Equal([new StagedBlock(0, 20)], await Store.GetStagedBlocksAsync(name, CancellationToken.None));
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        Assert.Equal(Enumerable.Repeat((byte)7, 20), await ReadAllAsync(name, 0, null));
    }

    [Fact(Timeout = 60_000)]
    public async Task Uncommitted_blob_is_not_readable()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 0, new byte[100], CancellationToken.None);

        Assert.Null(await Store.GetPropertiesAsync(name, CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(name, 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(name, 0, 0, CancellationToken.None));
        Assert.DoesNotContain(name, await ListNamesAsync(""));
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_replaces_the_etag_and_the_content()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 0, new byte[] { 1, 2, 3 }, CancellationToken.None);
        var first = await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        Assert.Empty(await Store.GetStagedBlocksAsync(name, CancellationToken.None));

        await Store.StageBlockAsync(name, 0, new byte[] { 4, 5 }, CancellationToken.None);
        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadAllAsync(name, 0, null));
        var second = await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(second.ETag, (await Store.GetPropertiesAsync(name, CancellationToken.None))!.ETag);
        Assert.Equal(new byte[] { 4, 5 }, await ReadAllAsync(name, 0, null));
        var put = await Store.PutAsync(name, new byte[] { 6 }, new BlobCommitOptions(), CancellationToken.None);
        Assert.NotEqual(second.ETag, put.ETag);
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_without_staged_blocks_fails_and_keeps_the_blob()
    {
        var name = NewBlobName();
        var error = await Assert.ThrowsAsync<BlobStoreException>(() => Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None));
        Assert.Equal(BlobErrorCodes.NoStagedBlocks, error.ErrorCode);

        // A commit retried after its reply was lost must not replace the blob with nothing.
        await Store.StageBlockAsync(name, 0, new byte[] { 1 }, CancellationToken.None);
        var committed = await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        await Assert.ThrowsAsync<BlobStoreException>(() => Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None));
        Assert.Equal(committed.ETag, (await Store.GetPropertiesAsync(name, CancellationToken.None))!.ETag);
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_with_a_gap_fails_and_keeps_the_staged_blocks()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 0, new byte[10], CancellationToken.None);
        await Store.StageBlockAsync(name, 20, new byte[10], CancellationToken.None);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None));

        Assert.Equal(BlobErrorCodes.StagedBlocksNotContiguous, error.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(2, (await Store.GetStagedBlocksAsync(name, CancellationToken.None)).Count);
        Assert.Null(await Store.GetPropertiesAsync(name, CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task Delete_removes_the_blob_and_its_staged_blocks()
    {
        var name = NewBlobName();
        await Store.PutAsync(name, new byte[] { 1 }, new BlobCommitOptions(), CancellationToken.None);
        await Store.StageBlockAsync(name, 0, new byte[] { 2 }, CancellationToken.None);

        Assert.True(await Store.DeleteAsync(name, CancellationToken.None));

        Assert.Null(await Store.GetPropertiesAsync(name, CancellationToken.None));
        Assert.Empty(await Store.GetStagedBlocksAsync(name, CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(name, 0, null, CancellationToken.None));
        Assert.False(await Store.DeleteAsync(name, CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task Delete_of_a_never_committed_upload_drops_its_staged_blocks()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 0, new byte[100], CancellationToken.None);

        Assert.True(await Store.DeleteAsync(name, CancellationToken.None));

        Assert.Empty(await Store.GetStagedBlocksAsync(name, CancellationToken.None));
        Assert.Null(await Store.GetPropertiesAsync(name, CancellationToken.None));
        Assert.False(await Store.DeleteAsync(name, CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task Metadata_and_content_type_round_trip()
    {
        var name = NewBlobName();
        var options = new BlobCommitOptions
        {
            ContentType = "image/png",
            Metadata = new Dictionary<string, string> { ["sha256"] = Convert.ToHexStringLower(new byte[32]), ["ttl"] = "7d", ["empty"] = "" },
        };
        await Store.StageBlockAsync(name, 0, new byte[] { 0x89, 0x50 }, CancellationToken.None);

        var committed = await Store.CommitAsync(name, options, CancellationToken.None);
        var read = (await Store.GetPropertiesAsync(name, CancellationToken.None))!;
        var listed = Assert.Single(await ListAsync(name));

        foreach (var properties in new[] { committed, read, listed })
        {
            Assert.Equal(name, properties.Name);
            Assert.Equal(2, properties.Length);
            Assert.Equal("image/png", properties.ContentType);
            Assert.Equal(options.Metadata.OrderBy(p => p.Key), properties.Metadata.OrderBy(p => p.Key));
            Assert.Equal(committed.ETag, properties.ETag);
        }

        Assert.Equal(committed.LastModified.ToUnixTimeSeconds(), read.LastModified.ToUnixTimeSeconds());
    }

    [Fact(Timeout = 60_000)]
    public async Task Put_writes_a_small_whole_blob_with_the_default_content_type()
    {
        var name = NewBlobName();

        var put = await Store.PutAsync(name, "{\"a\":1}"u8.ToArray(), new BlobCommitOptions(), CancellationToken.None);

        Assert.Equal(BlobCommitOptions.DefaultContentType, put.ContentType);
        Assert.Equal(BlobCommitOptions.DefaultContentType, (await Store.GetPropertiesAsync(name, CancellationToken.None))!.ContentType);
        Assert.Equal("{\"a\":1}"u8.ToArray(), await ReadAllAsync(name, 0, null));
    }

    [Fact(Timeout = 60_000)]
    public async Task List_finds_committed_blobs_under_a_prefix()
    {
        var folder = "ttl-1d/list-" + Guid.NewGuid().ToString("N")[..8];
        await Store.PutAsync(folder + "/a", new byte[] { 1 }, new BlobCommitOptions(), CancellationToken.None);
        await Store.PutAsync(folder + "/b/c", new byte[] { 1, 2 }, new BlobCommitOptions(), CancellationToken.None);
        await Store.PutAsync(folder + "x/d", new byte[] { 1 }, new BlobCommitOptions(), CancellationToken.None);
        await Store.StageBlockAsync(folder + "/e", 0, new byte[] { 1 }, CancellationToken.None);

        Assert.Equal([folder + "/a", folder + "/b/c"], await ListNamesAsync(folder + "/"));
        Assert.Equal([folder + "/a", folder + "/b/c", folder + "x/d"], await ListNamesAsync(folder));
        Assert.Equal(2, Assert.Single(await ListAsync(folder + "/b/")).Length);
    }

    protected static string NewBlobName() => "ttl-7d/media/" + Guid.NewGuid().ToString("N");

    private async Task StageInChunksAsync(string name, byte[] content, int chunkSize)
    {
        for (var offset = 0; offset < content.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, content.Length - offset);
            await Store.StageBlockAsync(name, offset, content.AsMemory(offset, length), CancellationToken.None);
        }
    }

    private async Task<byte[]> ReadAllAsync(string name, long offset, long? length)
    {
        await using var stream = await Store.OpenReadAsync(name, offset, length, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<List<BlobProperties>> ListAsync(string prefix)
    {
        var blobs = new List<BlobProperties>();
        await foreach (var blob in Store.ListAsync(prefix, CancellationToken.None))
        {
            blobs.Add(blob);
        }

        return blobs;
    }

    private async Task<List<string>> ListNamesAsync(string prefix)
        => (await ListAsync(prefix)).Select(b => b.Name).Order(StringComparer.Ordinal).ToList();
}
