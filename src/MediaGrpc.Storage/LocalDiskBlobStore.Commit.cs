using System.Text;
using System.Text.Json;
using MediaGrpc.Storage.Internal;

namespace MediaGrpc.Storage;

// Commit and put: both make the new version's bytes durable under a name of their own, then
// publish them by replacing the sidecar (the commit point), then retire the previous version.
public sealed partial class LocalDiskBlobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The staged blocks are already durable, so a commit moves them rather than copying them:
    /// (1) write the commit intent naming the new version's parts folder; (2) move the staging
    /// folder there; (3) replace the sidecar, naming the parts and their lengths: the commit
    /// point; (4) remove the intent; (5) remove the previous version. Wherever a crash stops
    /// this, the blocks are either still staged or committed (rule in <c>.Recovery.cs</c>).
    /// </remarks>
    public async Task<BlobProperties> CommitAsync(string blobName, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        BlobCommitRules.Validate(options);
        await SettleInterruptedCommitAsync(blobName, paths, cancellationToken);
        var blocks = ReadBlocks(paths.Staging) ?? [];
        StagedBlockRules.EnsureCommittable(blobName, blocks);
        var previous = await ReadSidecarAsync(paths, cancellationToken);

        var versionId = LocalDiskLayout.NewVersionId();
        var partLengths = new long[blocks.Count];
        for (var i = 0; i < blocks.Count; i++)
        {
            partLengths[i] = blocks[i].Length;
        }

        var sidecar = NewSidecar(versionId, blocks[^1].End, options, dataFile: null, paths.PartsFolderName(versionId), partLengths);
        await DurableFile.WriteAsync(paths.CommitIntent, Encoding.ASCII.GetBytes(versionId), cancellationToken);

        // From the move on the commit takes no cancellation: stopped before the sidecar it would
        // leave its blocks where only settling finds them. A failure here leaves what a crash
        // would, and the next write settles it.
        Directory.Move(paths.Staging, Path.Combine(paths.Directory, sidecar.PartsFolder!));
        await WriteSidecarAsync(paths, sidecar);
        DurableFile.TryDelete(paths.CommitIntent);
        Retire(paths, previous);
        LocalDiskBlobStoreLog.Committed(_logger, blobName, sidecar.Length, sidecar.ETag);
        return sidecar.ToProperties(blobName);
    }

    /// <inheritdoc />
    public async Task<BlobProperties> PutAsync(string blobName, ReadOnlyMemory<byte> content, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        BlobCommitRules.Validate(options);
        Directory.CreateDirectory(paths.Directory);

        // Settled first: once this put replaces the sidecar, an intent of a commit that did reach
        // its commit point would read as one that did not, and bring its blocks back as staged.
        await SettleInterruptedCommitAsync(blobName, paths, cancellationToken);
        var previous = await ReadSidecarAsync(paths, cancellationToken);
        var versionId = LocalDiskLayout.NewVersionId();
        var sidecar = NewSidecar(versionId, content.Length, options, paths.DataFileName(versionId), partsFolder: null, partLengths: null);
        var temp = paths.NewTempFile();
        try
        {
            await using (var output = DurableFile.CreateNew(temp, content.Length))
            {
                await output.WriteAsync(content, cancellationToken);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, Path.Combine(paths.Directory, sidecar.DataFile!));
        }
        catch (IOException exception) when (DiskFull.Is(exception, temp, content.Length))
        {
            throw DiskFull.Exception(exception);
        }
        finally
        {
            DurableFile.TryDelete(temp);
        }

        await WriteSidecarAsync(paths, sidecar);
        Retire(paths, previous);
        LocalDiskBlobStoreLog.Committed(_logger, blobName, sidecar.Length, sidecar.ETag);
        return sidecar.ToProperties(blobName);
    }

    private LocalBlobSidecar NewSidecar(
        string versionId, long length, BlobCommitOptions options, string? dataFile, string? partsFolder, IReadOnlyList<long>? partLengths) => new()
    {
        ETag = "\"" + versionId + "\"",
        DataFile = dataFile,
        PartsFolder = partsFolder,
        PartLengths = partLengths,
        Length = length,
        ContentType = options.ContentType ?? BlobCommitOptions.DefaultContentType,
        Metadata = new Dictionary<string, string>(options.Metadata, StringComparer.Ordinal),
        LastModified = _timeProvider.GetUtcNow(),
    };

    /// <summary>
    /// The commit point: from here on readers see the new version. It takes no cancellation, as
    /// the new version's bytes are already in place and would otherwise be left unpublished.
    /// </summary>
    private static Task WriteSidecarAsync(LocalDiskLayout.BlobPaths paths, LocalBlobSidecar sidecar)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(sidecar, LocalBlobSidecarJsonContext.Default.LocalBlobSidecar);
        return DurableFile.WriteAsync(paths.Sidecar, json, CancellationToken.None);
    }

    /// <summary>
    /// Removes the replaced version's bytes. Readers that opened them keep reading (open handles
    /// outlive the unlink); a failure only leaves garbage that a delete removes, so it is logged.
    /// </summary>
    private void Retire(LocalDiskLayout.BlobPaths paths, LocalBlobSidecar? previous)
    {
        if (previous?.DataFile is { } dataFile)
        {
            TryCleanup(Path.Combine(paths.Directory, dataFile), isDirectory: false);
        }

        if (previous?.PartsFolder is { } partsFolder)
        {
            TryCleanup(Path.Combine(paths.Directory, partsFolder), isDirectory: true);
        }
    }

    private void TryCleanup(string path, bool isDirectory)
    {
        try
        {
            if (!isDirectory)
            {
                File.Delete(path);
            }
            else if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LocalDiskBlobStoreLog.CleanupFailed(_logger, path, exception);
        }
    }
}
