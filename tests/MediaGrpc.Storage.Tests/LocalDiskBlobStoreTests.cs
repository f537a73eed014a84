using System.Security.Cryptography;
using MediaGrpc.Storage.Internal;
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
    public async Task Commit_leaves_only_the_sidecar_and_the_parts_of_the_new_version()
    {
        var name = NewBlobName();
        await Store.StageBlockAsync(name, 0, new byte[10], CancellationToken.None);
        await Store.StageBlockAsync(name, 10, new byte[10], CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        await Store.StageBlockAsync(name, 0, new byte[5], CancellationToken.None);
        await Store.StageBlockAsync(name, 5, new byte[7], CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);

        var entries = Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_root, path))
            .Where(path => path.Contains('~', StringComparison.Ordinal))
            .ToList();

        // No staging folder, no commit intent, no temp file, nothing of the first version.
        Assert.Equal(4, entries.Count);
        Assert.Single(entries, entry => entry.EndsWith("~blob.json", StringComparison.Ordinal));
        var parts = Assert.Single(entries, entry => entry.EndsWith(".parts", StringComparison.Ordinal));
        Assert.Equal(
            [LocalDiskLayout.BlockFileName(0), LocalDiskLayout.BlockFileName(5)],
            Directory.GetFiles(Path.Combine(_root, parts)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(0L, null)]
    [InlineData(0L, 1000L)]
    [InlineData(999L, 2L)]
    [InlineData(1000L, 1L)]
    [InlineData(1000L, 4097L)]
    [InlineData(500L, 7000L)]
    [InlineData(5096L, null)]
    [InlineData(8095L, 1L)]
    [InlineData(8096L, null)]
    [InlineData(3000L, 0L)]
    public async Task Ranged_read_across_parts_returns_exact_bytes(long offset, long? length)
    {
        // Parts of 1000, 1, 4095, 3000 bytes and a range that starts, ends or spans anywhere.
        var name = NewBlobName();
        var content = RandomNumberGenerator.GetBytes(8096);
        foreach (var (start, end) in new[] { (0, 1000), (1000, 1001), (1001, 5096), (5096, 8096) })
        {
            await Store.StageBlockAsync(name, start, content.AsMemory(start..end), CancellationToken.None);
        }

        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        await using var stream = await Store.OpenReadAsync(name, offset, length, CancellationToken.None);
        var read = await ReadInSmallPiecesAsync(stream);

        var stop = (int)Math.Min(content.Length, offset + (length ?? content.Length));
        Assert.Equal(content[(int)offset..stop], read);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_reader_of_a_committed_version_keeps_its_bytes_while_a_new_commit_replaces_it()
    {
        var name = NewBlobName();
        var first = RandomNumberGenerator.GetBytes(3000);
        await Store.StageBlockAsync(name, 0, first.AsMemory(0, 1000), CancellationToken.None);
        await Store.StageBlockAsync(name, 1000, first.AsMemory(1000), CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        await using var reader = await Store.OpenReadAsync(name, 0, null, CancellationToken.None);
        var head = new byte[10];
        await reader.ReadExactlyAsync(head);

        await Store.StageBlockAsync(name, 0, new byte[] { 9, 9 }, CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);
        var rest = await ReadInSmallPiecesAsync(reader);

        Assert.Equal(first, head.Concat(rest).ToArray());
        Assert.Equal(new byte[] { 9, 9 }, await ReadInSmallPiecesAsync(await Store.OpenReadAsync(name, 0, null, CancellationToken.None)));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_sidecar_naming_a_single_data_file_stays_readable_and_is_replaced_by_a_commit()
    {
        // The format every version had before commits kept their parts.
        var name = NewBlobName();
        var paths = new LocalDiskLayout(_root).For(name);
        var content = RandomNumberGenerator.GetBytes(5000);
        Directory.CreateDirectory(paths.Directory);
        await File.WriteAllBytesAsync(Path.Combine(paths.Directory, paths.DataFileName("0123456789abcdef0123456789abcdef")), content);
        await File.WriteAllTextAsync(paths.Sidecar, $$"""
            {
              "ETag": "\"0123456789abcdef0123456789abcdef\"",
              "DataFile": "{{paths.Leaf}}~0123456789abcdef0123456789abcdef.data",
              "Length": 5000,
              "ContentType": "image/png",
              "Metadata": { "ttl": "7d" },
              "LastModified": "2026-11-01T10:00:00+00:00"
            }
            """);

        var properties = await Store.GetPropertiesAsync(name, CancellationToken.None);
        await using (var ranged = await Store.OpenReadAsync(name, 100, 200, "\"0123456789abcdef0123456789abcdef\"", CancellationToken.None))
        {
            Assert.Equal(content[100..300], await ReadInSmallPiecesAsync(ranged));
        }

        await Store.StageBlockAsync(name, 0, new byte[] { 1, 2, 3 }, CancellationToken.None);
        await Store.CommitAsync(name, new BlobCommitOptions(), CancellationToken.None);

        Assert.Equal(5000, properties!.Length);
        Assert.Equal("image/png", properties.ContentType);
        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadInSmallPiecesAsync(await Store.OpenReadAsync(name, 0, null, CancellationToken.None)));
        Assert.Empty(Directory.GetFiles(paths.Directory, paths.Leaf + "~*.data"));
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

    // Small reads so every part boundary is crossed inside and between reads.
    private static async Task<byte[]> ReadInSmallPiecesAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            var buffer = new byte[333];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                copy.Write(buffer, 0, read);
            }

            return copy.ToArray();
        }
    }
}
