namespace MediaGrpc.Storage;

/// <summary>A staged, not yet committed block of a blob: <paramref name="Length"/> bytes at <paramref name="Offset"/>.</summary>
public sealed record StagedBlock(long Offset, long Length)
{
    /// <summary>The offset just past this block.</summary>
    public long End => Offset + Length;

    /// <summary>
    /// The persisted offset of an upload: the end of the contiguous run of blocks starting at 0.
    /// Blocks after a gap do not count, since the bytes before them are not durable.
    /// </summary>
    /// <param name="blocks">Staged blocks ordered by offset, as <see cref="IBlobStore.GetStagedBlocksAsync"/> returns them.</param>
    public static long PersistedOffset(IReadOnlyList<StagedBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        long end = 0;
        foreach (var block in blocks)
        {
            if (block.Offset != end)
            {
                break;
            }

            end = block.End;
        }

        return end;
    }
}
