using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Tests;

/// <summary>The behaviour suite against <see cref="LocalDiskBlobStore"/> in a temp folder.</summary>
public sealed class LocalDiskBlobStoreTests : BlobStoreBehaviour
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-blobs-" + Guid.NewGuid().ToString("N"));

    public override Task DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override Task<IBlobStore> CreateStoreAsync()
        => Task.FromResult<IBlobStore>(new LocalDiskBlobStore(Options.Create(new LocalDiskBlobStoreOptions { RootPath = _root })));

    [Fact(Timeout = 60_000)]
    public async Task Commit_leaves_no_staging_or_temp_files_behind()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 0, new byte[10], CancellationToken.None);
        await Store.StageBlockAsync(name, 10, new byte[10], CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        await Store.StageBlockAsync(name, 0, new byte[5], CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);

        var files = Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories)
            .Where(File.Exists)
            .Select(path => Path.GetFileName(path)!)
            .ToList();

        Assert.Equal(2, files.Count);
        Assert.Single(files, file => file.EndsWith("~blob.json", StringComparison.Ordinal));
        Assert.Single(files, file => file.EndsWith(".data", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_reader_keeps_its_version_while_a_commit_replaces_the_blob()
    {
        var name = NewBlobName();
        await Store.PutAsync(name, new byte[] { 1, 1, 1 }, new BlobCommitOptions(), CancellationToken.None);
        await using var reader = await Store.OpenReadAsync(name, 0, null, CancellationToken.None);

        await Store.PutAsync(name, new byte[] { 2, 2 }, new BlobCommitOptions(), CancellationToken.None);
        using var copy = new MemoryStream();
        await reader.CopyToAsync(copy);

        Assert.Equal(new byte[] { 1, 1, 1 }, copy.ToArray());
    }
}
