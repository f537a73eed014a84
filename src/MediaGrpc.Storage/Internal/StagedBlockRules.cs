using System.Net;

namespace MediaGrpc.Storage.Internal;

/// <summary>The rules every store enforces on staged blocks.</summary>
internal static class StagedBlockRules
{
    public static void ValidateStage(long offset, ReadOnlyMemory<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (data.IsEmpty)
        {
            throw new ArgumentException("A block must hold at least one byte.", nameof(data));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, long.MaxValue - data.Length);
    }

    /// <summary>
    /// A commit takes every staged block, so they must tile the blob from 0 without gap or
    /// overlap; committing fewer would silently drop bytes the client was told are durable.
    /// </summary>
    public static void EnsureCommittable(string blobName, IReadOnlyList<StagedBlock> ordered)
    {
        if (ordered.Count == 0)
        {
            throw new BlobStoreException(
                $"Blob '{blobName}' has no staged blocks to commit.", HttpStatusCode.Conflict, BlobErrorCodes.NoStagedBlocks);
        }

        long expected = 0;
        foreach (var block in ordered)
        {
            if (block.Offset != expected)
            {
                throw new BlobStoreException(
                    $"Blob '{blobName}' has staged blocks that are not contiguous: expected offset {expected}, found {block.Offset}.",
                    HttpStatusCode.Conflict,
                    BlobErrorCodes.StagedBlocksNotContiguous);
            }

            expected = block.End;
        }
    }

    public static void ValidateRead(long offset, long? length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(length));
        }
    }

    public static BlobStoreException InvalidRange(string blobName, long offset, long blobLength) => new(
        $"Offset {offset} is past the end of blob '{blobName}' ({blobLength} bytes).",
        HttpStatusCode.RequestedRangeNotSatisfiable,
        BlobErrorCodes.InvalidRange);

    public static BlobStoreException ConditionNotMet(string blobName, string ifMatch) => new(
        $"Blob '{blobName}' no longer has ETag {ifMatch}.",
        HttpStatusCode.PreconditionFailed,
        BlobErrorCodes.ConditionNotMet);
}
