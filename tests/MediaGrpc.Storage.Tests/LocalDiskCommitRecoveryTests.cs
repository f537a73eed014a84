using System.Security.Cryptography;
using MediaGrpc.Storage.Internal;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Tests;

/// <summary>
/// A commit of the local store stopped at each of its steps, as a crash leaves it (the steps are
/// on <see cref="LocalDiskBlobStore.CommitAsync"/>), then a new store on the same folder, as
/// after a restart: staged blocks are never lost and committed ones never come back as staged.
/// </summary>
public sealed class LocalDiskCommitRecoveryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly string _name = "ttl-7d/media/" + Guid.NewGuid().ToString("N");
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(10_000);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_interrupted_after_the_move_still_reports_its_blocks_staged()
    {
        await StageContentAsync(NewStore());
        InterruptCommitAfterMove();
        var store = NewStore();

        var blocks = await store.GetStagedBlocksAsync(_name, CancellationToken.None);

        Assert.Equal([new StagedBlock(0, 4000), new StagedBlock(4000, 6000)], blocks);
        Assert.Null(await store.GetPropertiesAsync(_name, CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_interrupted_after_the_move_is_completed_by_retry()
    {
        await StageContentAsync(NewStore());
        InterruptCommitAfterMove();
        var store = NewStore();

        var committed = await store.CommitAsync(_name, new BlobCommitOptions(), CancellationToken.None);

        Assert.Equal(_content.Length, committed.Length);
        Assert.Equal(_content, await ReadAllAsync(store));
        Assert.Empty(await store.GetStagedBlocksAsync(_name, CancellationToken.None));
        Assert.Equal(2, Entries().Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Staging_after_a_commit_interrupted_after_the_move_keeps_the_earlier_blocks()
    {
        var store = NewStore();
        await store.StageBlockAsync(_name, 0, _content.AsMemory(0, 4000), CancellationToken.None);
        InterruptCommitAfterMove();
        store = NewStore();

        await store.StageBlockAsync(_name, 4000, _content.AsMemory(4000), CancellationToken.None);

        Assert.Equal(_content.Length, StagedBlock.PersistedOffset(await store.GetStagedBlocksAsync(_name, CancellationToken.None)));
        await store.CommitAsync(_name, new BlobCommitOptions(), CancellationToken.None);
        Assert.Equal(_content, await ReadAllAsync(store));
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_interrupted_after_the_move_over_a_previous_version_keeps_serving_it()
    {
        var store = NewStore();
        await store.PutAsync(_name, new byte[] { 1, 2, 3 }, new BlobCommitOptions(), CancellationToken.None);
        await StageContentAsync(store);
        InterruptCommitAfterMove();
        store = NewStore();

        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadAllAsync(store));
        Assert.Equal(_content.Length, StagedBlock.PersistedOffset(await store.GetStagedBlocksAsync(_name, CancellationToken.None)));
        await store.CommitAsync(_name, new BlobCommitOptions(), CancellationToken.None);
        Assert.Equal(_content, await ReadAllAsync(store));
        Assert.Equal(2, Entries().Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_interrupted_before_the_move_keeps_the_staged_blocks()
    {
        var store = NewStore();
        await StageContentAsync(store);
        await File.WriteAllTextAsync(Paths.CommitIntent, LocalDiskLayout.NewVersionId());
        store = NewStore();

        Assert.Equal(_content.Length, StagedBlock.PersistedOffset(await store.GetStagedBlocksAsync(_name, CancellationToken.None)));
        await store.CommitAsync(_name, new BlobCommitOptions(), CancellationToken.None);
        Assert.Equal(_content, await ReadAllAsync(store));
        Assert.Equal(2, Entries().Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_interrupted_after_the_sidecar_stays_committed_and_stages_nothing()
    {
        var store = NewStore();
        await StageContentAsync(store);
        await InterruptCommitAfterSidecarAsync(store);
        store = NewStore();

        Assert.Empty(await store.GetStagedBlocksAsync(_name, CancellationToken.None));
        Assert.Equal(_content, await ReadAllAsync(store));

        // The next upload of the name starts from nothing: none of the committed blocks come back.
        await store.StageBlockAsync(_name, 0, new byte[] { 7, 7 }, CancellationToken.None);
        Assert.Equal([new StagedBlock(0, 2)], await store.GetStagedBlocksAsync(_name, CancellationToken.None));
        await store.CommitAsync(_name, new BlobCommitOptions(), CancellationToken.None);
        Assert.Equal(new byte[] { 7, 7 }, await ReadAllAsync(store));
    }

    [Fact(Timeout = 60_000)]
    public async Task Put_after_a_commit_interrupted_after_the_sidecar_does_not_bring_its_blocks_back()
    {
        var store = NewStore();
        await StageContentAsync(store);
        await InterruptCommitAfterSidecarAsync(store);
        store = NewStore();

        await store.PutAsync(_name, new byte[] { 5 }, new BlobCommitOptions(), CancellationToken.None);

        Assert.Empty(await store.GetStagedBlocksAsync(_name, CancellationToken.None));
        Assert.Equal(new byte[] { 5 }, await ReadAllAsync(store));
        Assert.Equal(2, Entries().Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Delete_of_an_interrupted_commit_removes_every_trace_of_the_blob()
    {
        await StageContentAsync(NewStore());
        InterruptCommitAfterMove();
        var store = NewStore();

        Assert.True(await store.DeleteAsync(_name, CancellationToken.None));

        Assert.Empty(await store.GetStagedBlocksAsync(_name, CancellationToken.None));
        Assert.Empty(Entries());
        Assert.False(await store.DeleteAsync(_name, CancellationToken.None));
    }

    private LocalDiskLayout.BlobPaths Paths => new LocalDiskLayout(_root).For(_name);

    private LocalDiskBlobStore NewStore() => new(Options.Create(new LocalDiskBlobStoreOptions { RootPath = _root }));

    private async Task StageContentAsync(LocalDiskBlobStore store)
    {
        await store.StageBlockAsync(_name, 4000, _content.AsMemory(4000), CancellationToken.None);
        await store.StageBlockAsync(_name, 0, _content.AsMemory(0, 4000), CancellationToken.None);
    }

    /// <summary>Steps 1 and 2 of a commit: the intent is written and the staging folder moved; no sidecar names it.</summary>
    private void InterruptCommitAfterMove()
    {
        var versionId = LocalDiskLayout.NewVersionId();
        File.WriteAllText(Paths.CommitIntent, versionId);
        Directory.Move(Paths.Staging, Path.Combine(Paths.Directory, Paths.PartsFolderName(versionId)));
    }

    /// <summary>Steps 1 to 3: the sidecar names the new parts; the intent is still there.</summary>
    private async Task InterruptCommitAfterSidecarAsync(LocalDiskBlobStore store)
    {
        var committed = await store.CommitAsync(_name, new BlobCommitOptions(), CancellationToken.None);
        await File.WriteAllTextAsync(Paths.CommitIntent, committed.ETag.Trim('"'));
    }

    private async Task<byte[]> ReadAllAsync(LocalDiskBlobStore store)
    {
        await using var stream = await store.OpenReadAsync(_name, 0, null, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The top-level files and folders of the blob (sidecar, versions, staging, intent).</summary>
    private List<string> Entries() => Directory.Exists(Paths.Directory)
        ? [.. Directory.GetFileSystemEntries(Paths.Directory, Paths.EntryPattern)]
        : [];
}
