using System.Text;
using MediaGrpc.Storage.Internal;

namespace MediaGrpc.Storage;

// What a commit stopped part way (a crash, a failed disk write) leaves, and how the next write
// settles it so that no staged block is lost and no committed one comes back as staged.
//
// Rule: a commit writes its intent (the id of the parts folder it moves the staging folder to)
// before it moves anything, and removes it only after the sidecar naming that folder is written.
// So an intent that is still there means a commit stopped, and:
//   - the sidecar names the intent's parts folder: the commit reached its commit point; only the
//     intent (and perhaps the previous version) is left, and the blocks stay committed;
//   - otherwise, the parts folder exists: it stopped between the move and the sidecar; the
//     folder goes back to staging, so the blocks are staged again and a retried commit takes them;
//   - otherwise it stopped before the move, and the staging folder is intact.
// Every write that could change the answer (stage into a new staging folder, commit, put)
// settles first; delete removes the intent before the sidecar. Until settled, the blocks of a
// commit stopped before its commit point are still reported as staged.
public sealed partial class LocalDiskBlobStore
{
    private async Task SettleInterruptedCommitAsync(string blobName, LocalDiskLayout.BlobPaths paths, CancellationToken cancellationToken)
    {
        if (await ReadCommitIntentAsync(paths, cancellationToken) is not { } versionId)
        {
            return;
        }

        var partsFolder = paths.PartsFolderName(versionId);
        var sidecar = await ReadSidecarAsync(paths, cancellationToken);
        var parts = Path.Combine(paths.Directory, partsFolder);
        if (string.Equals(sidecar?.PartsFolder, partsFolder, StringComparison.Ordinal))
        {
            LocalDiskBlobStoreLog.InterruptedCommitCompleted(_logger, blobName, sidecar!.ETag);
        }
        else if (Directory.Exists(parts))
        {
            MoveBlocksBack(parts, paths.Staging);
            LocalDiskBlobStoreLog.InterruptedCommitRolledBack(_logger, blobName);
        }

        File.Delete(paths.CommitIntent);
    }

    /// <summary>What <see cref="GetStagedBlocksAsync"/> reports without a staging folder: the blocks a commit moved but did not publish.</summary>
    private static async Task<List<StagedBlock>?> ReadBlocksOfInterruptedCommitAsync(LocalDiskLayout.BlobPaths paths, CancellationToken cancellationToken)
    {
        // Read only: settling is for writers, a reader could race the commit it would undo.
        if (await ReadCommitIntentAsync(paths, cancellationToken) is not { } versionId)
        {
            return null;
        }

        var partsFolder = paths.PartsFolderName(versionId);
        var sidecar = await ReadSidecarAsync(paths, cancellationToken);
        return string.Equals(sidecar?.PartsFolder, partsFolder, StringComparison.Ordinal)
            ? null
            : ReadBlocks(Path.Combine(paths.Directory, partsFolder));
    }

    private static async Task<string?> ReadCommitIntentAsync(LocalDiskLayout.BlobPaths paths, CancellationToken cancellationToken)
    {
        if (await DurableFile.TryReadAllBytesAsync(paths.CommitIntent, cancellationToken) is not { } content)
        {
            return null;
        }

        var versionId = Encoding.ASCII.GetString(content);
        return LocalDiskLayout.IsVersionId(versionId)
            ? versionId
            : throw new BlobStoreException($"The commit intent of a local blob is corrupt: {paths.CommitIntent}");
    }

    private static void MoveBlocksBack(string parts, string staging)
    {
        if (!Directory.Exists(staging))
        {
            Directory.Move(parts, staging);
            return;
        }

        // Only a writer breaking the one-writer rule stages beside an unsettled commit; its
        // blocks are the newer ones, so they win, and every other block is kept.
        foreach (var block in Directory.EnumerateFiles(parts))
        {
            var target = Path.Combine(staging, Path.GetFileName(block));
            if (!File.Exists(target))
            {
                File.Move(block, target);
            }
        }

        Directory.Delete(parts, recursive: true);
    }
}
