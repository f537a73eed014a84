using System.Text.Json;
using MediaGrpc.Storage.Internal;

namespace MediaGrpc.Storage;

// Commit and put: both write a new data file durably, then publish it by replacing the sidecar.
public sealed partial class LocalDiskBlobStore
{
    /// <inheritdoc />
    public async Task<BlobProperties> CommitAsync(string blobName, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        BlobCommitRules.Validate(options);
        var blocks = ReadStagedBlocks(paths);
        StagedBlockRules.EnsureCommittable(blobName, blocks);

        var length = blocks[^1].End;
        var temp = paths.NewTempFile();
        try
        {
            await using (var output = DurableFile.CreateNew(temp, length))
            {
                foreach (var block in blocks)
                {
                    await using var input = DurableFile.OpenRead(paths.Block(block.Offset));
                    await input.CopyToAsync(output, cancellationToken);
                }

                output.Flush(flushToDisk: true);
            }

            return await PublishAsync(blobName, paths, temp, length, options, dropStaging: true, cancellationToken);
        }
        finally
        {
            DurableFile.TryDelete(temp);
        }
    }

    /// <inheritdoc />
    public async Task<BlobProperties> PutAsync(string blobName, ReadOnlyMemory<byte> content, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        BlobCommitRules.Validate(options);
        Directory.CreateDirectory(paths.Directory);
        var temp = paths.NewTempFile();
        try
        {
            await using (var output = DurableFile.CreateNew(temp, content.Length))
            {
                await output.WriteAsync(content, cancellationToken);
                output.Flush(flushToDisk: true);
            }

            return await PublishAsync(blobName, paths, temp, content.Length, options, dropStaging: false, cancellationToken);
        }
        finally
        {
            DurableFile.TryDelete(temp);
        }
    }

    private async Task<BlobProperties> PublishAsync(
        string blobName,
        LocalDiskLayout.BlobPaths paths,
        string flushedTempFile,
        long length,
        BlobCommitOptions options,
        bool dropStaging,
        CancellationToken cancellationToken)
    {
        var previous = await ReadSidecarAsync(paths, cancellationToken);
        var etagId = Guid.NewGuid().ToString("N");
        var sidecar = new LocalBlobSidecar
        {
            ETag = "\"" + etagId + "\"",
            DataFile = paths.DataFileName(etagId),
            Length = length,
            ContentType = options.ContentType ?? BlobCommitOptions.DefaultContentType,
            Metadata = new Dictionary<string, string>(options.Metadata, StringComparer.Ordinal),
            LastModified = _timeProvider.GetUtcNow(),
        };

        File.Move(flushedTempFile, Path.Combine(paths.Directory, sidecar.DataFile));
        var json = JsonSerializer.SerializeToUtf8Bytes(sidecar, LocalBlobSidecarJsonContext.Default.LocalBlobSidecar);

        // The commit point: from here on readers see the new version. What follows is cleanup
        // that must not be abandoned half way, so it takes no cancellation.
        await DurableFile.WriteAsync(paths.Sidecar, json, cancellationToken);
        if (previous is not null)
        {
            TryCleanup(Path.Combine(paths.Directory, previous.DataFile), isDirectory: false);
        }

        if (dropStaging)
        {
            TryCleanup(paths.Staging, isDirectory: true);
        }

        LocalDiskBlobStoreLog.Committed(_logger, blobName, length, sidecar.ETag);
        return sidecar.ToProperties(blobName);
    }

    private void TryCleanup(string path, bool isDirectory)
    {
        try
        {
            if (isDirectory)
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LocalDiskBlobStoreLog.CleanupFailed(_logger, path, exception);
        }
    }
}
