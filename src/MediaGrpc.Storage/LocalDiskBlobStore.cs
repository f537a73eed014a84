using System.Runtime.CompilerServices;
using System.Text.Json;
using MediaGrpc.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage;

/// <summary>
/// An <see cref="IBlobStore"/> on the local file system: the embedded default, and the store
/// tests run against without any server.
/// </summary>
/// <remarks>
/// Every staged block is written to a temp file, flushed to the device and only then renamed
/// into place (<c>Internal/DurableFile</c>), so it is durable when staging returns. A commit
/// writes no byte again: it moves the staging folder to a parts folder of the new version and
/// replaces the sidecar that names it, the commit point (<c>LocalDiskBlobStore.Commit.cs</c>);
/// reads stitch the parts. A commit stopped at any step is settled by the next write
/// (<c>LocalDiskBlobStore.Recovery.cs</c>). The on-disk layout is in <c>Internal/LocalDiskLayout</c>.
/// </remarks>
public sealed partial class LocalDiskBlobStore : IBlobStore
{
    private readonly LocalDiskLayout _layout;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public LocalDiskBlobStore(
        IOptions<LocalDiskBlobStoreOptions> options,
        ILogger<LocalDiskBlobStore>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rootPath = options.Value.RootPath;
        if (string.IsNullOrWhiteSpace(rootPath))
        {
            throw new ArgumentException("LocalDiskBlobStoreOptions.RootPath is required.", nameof(options));
        }

        _layout = new LocalDiskLayout(rootPath);
        _logger = logger ?? NullLogger<LocalDiskBlobStore>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_layout.Root);
        LocalDiskBlobStoreLog.Opened(_logger, _layout.Root);
    }

    /// <summary>The absolute folder the store lives in.</summary>
    public string RootPath => _layout.Root;

    /// <inheritdoc />
    /// <remarks>False: a block written to a local file has no transport to check.</remarks>
    public bool ChecksBlockMd5 => false;

    /// <inheritdoc />
    public Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, byte[] contentMd5, CancellationToken cancellationToken)
        => StageBlockAsync(blobName, offset, data, cancellationToken);

    /// <inheritdoc />
    public async Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        StagedBlockRules.ValidateStage(offset, data);
        if (!Directory.Exists(paths.Staging))
        {
            // The first block of an upload, or the first since a commit: a commit stopped half
            // way is settled first, so its blocks are staged again rather than hidden.
            await SettleInterruptedCommitAsync(blobName, paths, cancellationToken);
            Directory.CreateDirectory(paths.Staging);
        }

        await DurableFile.WriteAsync(paths.Block(offset), data, cancellationToken);
        LocalDiskBlobStoreLog.BlockStaged(_logger, blobName, offset, data.Length);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StagedBlock>> GetStagedBlocksAsync(string blobName, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadBlocks(paths.Staging)
            ?? await ReadBlocksOfInterruptedCommitAsync(paths, cancellationToken)
            ?? [];
    }

    /// <inheritdoc />
    public async Task<BlobProperties?> GetPropertiesAsync(string blobName, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        var sidecar = await ReadSidecarAsync(paths, cancellationToken);
        return sidecar?.ToProperties(blobName);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        cancellationToken.ThrowIfCancellationRequested();

        // The intent goes first: left behind with its sidecar gone, it would read as a commit
        // stopped before its commit point and bring the deleted version back as staged blocks.
        DurableFile.TryDelete(paths.CommitIntent);

        // Then unpublish, so readers stop finding the blob, then remove everything else of it:
        // versions, staging, and leftovers of writes a crash stopped.
        var existed = File.Exists(paths.Sidecar);
        if (existed)
        {
            File.Delete(paths.Sidecar);
        }

        if (Directory.Exists(paths.Directory))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(paths.Directory, paths.EntryPattern))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }

                existed = true;
            }
        }

        if (existed)
        {
            LocalDiskBlobStoreLog.Deleted(_logger, blobName);
        }

        return Task.FromResult(existed);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobName.ValidatePrefix(prefix);
        return ListCoreAsync(prefix, cancellationToken);
    }

    private async IAsyncEnumerable<BlobProperties> ListCoreAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Start at the deepest folder the prefix names in full rather than walking the whole store.
        var lastSlash = prefix.LastIndexOf('/');
        var start = lastSlash < 0
            ? _layout.Root
            : Path.Combine(_layout.Root, prefix[..lastSlash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var files = Directory.EnumerateFiles(start, LocalDiskLayout.SidecarSearchPattern, SearchOption.AllDirectories);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var blobName = _layout.BlobNameOfSidecar(file);
            if (blobName is null || !blobName.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var sidecar = await ReadSidecarAsync(_layout.For(blobName), cancellationToken);
            if (sidecar is not null)
            {
                yield return sidecar.ToProperties(blobName);
            }
        }
    }

    /// <summary>The blocks in a staging (or parts) folder ordered by offset; null when there is no such folder.</summary>
    private static List<StagedBlock>? ReadBlocks(string folder)
    {
        var blocks = new List<StagedBlock>();
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            {
                if (LocalDiskLayout.TryParseBlockFileName(file.Name, out var offset))
                {
                    blocks.Add(new StagedBlock(offset, file.Length));
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Never created, deleted, or moved by a commit meanwhile.
            return null;
        }

        blocks.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        return blocks;
    }

    private static async Task<LocalBlobSidecar?> ReadSidecarAsync(LocalDiskLayout.BlobPaths paths, CancellationToken cancellationToken)
    {
        if (await DurableFile.TryReadAllBytesAsync(paths.Sidecar, cancellationToken) is not { } json)
        {
            return null;
        }

        LocalBlobSidecar? sidecar;
        try
        {
            sidecar = JsonSerializer.Deserialize(json, LocalBlobSidecarJsonContext.Default.LocalBlobSidecar);
        }
        catch (JsonException exception)
        {
            throw new BlobStoreException($"The sidecar of a local blob is corrupt: {paths.Sidecar}", exception);
        }

        return sidecar is not null && sidecar.IsConsistent()
            ? sidecar
            : throw new BlobStoreException($"The sidecar of a local blob is corrupt: {paths.Sidecar}");
    }
}
