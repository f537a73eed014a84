namespace MediaGrpc.Storage;

/// <summary>
/// The blob store the service writes media to: resumable chunked uploads as block blobs.
/// </summary>
/// <remarks>
/// <para>
/// An upload stages blocks keyed by their byte offset; each staged block is durable once
/// <see cref="StageBlockAsync(string, long, ReadOnlyMemory{byte}, CancellationToken)"/> completes, so the <em>persisted offset</em> a client resumes
/// from is the end of the contiguous run of staged blocks starting at 0. Committing turns the
/// staged blocks into one readable blob atomically: a reader sees the old blob (or nothing)
/// or the new one, never a mix.
/// </para>
/// <para>
/// Blob names are produced by the service, never taken from a client verbatim; every method
/// validates them with <see cref="BlobName.Validate"/> and throws <see cref="ArgumentException"/>
/// for anything else. Writes to one blob are expected to come from one writer at a time.
/// </para>
/// </remarks>
public interface IBlobStore
{
    /// <summary>
    /// Stages one block of an uncommitted blob at <paramref name="offset"/>; the block is durable
    /// when the task completes. Staging the same offset again replaces that block.
    /// </summary>
    Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="StageBlockAsync(string, long, ReadOnlyMemory{byte}, CancellationToken)"/>,
    /// with the block's MD5 already known (16 bytes), so a store that checks blocks in transit
    /// (<see cref="ChecksBlockMd5"/>) need not hash them again before sending.
    /// </summary>
    Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, byte[] contentMd5, CancellationToken cancellationToken);

    /// <summary>
    /// Whether staged blocks travel to the store with their MD5 (Content-MD5 on Azure), which a
    /// writer can then compute while the bytes arrive, off the path between two stages.
    /// </summary>
    bool ChecksBlockMd5 { get; }

    /// <summary>
    /// The blocks staged so far and not yet committed, ordered by offset; empty when none. The
    /// persisted offset is the end of the contiguous run from 0 (<see cref="StagedBlock.PersistedOffset"/>).
    /// </summary>
    Task<IReadOnlyList<StagedBlock>> GetStagedBlocksAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>
    /// Commits all staged blocks, in offset order, into a readable blob with the given content
    /// type and metadata, replacing any previous blob of that name; the staged blocks are gone
    /// afterwards. The blocks must be contiguous from 0 and there must be at least one, otherwise
    /// a <see cref="BlobStoreException"/> with <see cref="BlobErrorCodes.StagedBlocksNotContiguous"/>
    /// or <see cref="BlobErrorCodes.NoStagedBlocks"/> is thrown and nothing changes.
    /// </summary>
    Task<BlobProperties> CommitAsync(string blobName, BlobCommitOptions options, CancellationToken cancellationToken);

    /// <summary>The committed blob's properties, or <see langword="null"/> when there is none.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a committed blob for reading from <paramref name="offset"/>, at most
    /// <paramref name="length"/> bytes (to the end when <see langword="null"/>). An offset equal
    /// to the blob's length gives an empty stream; a larger one throws a
    /// <see cref="BlobStoreException"/> with <see cref="BlobErrorCodes.InvalidRange"/>.
    /// </summary>
    /// <exception cref="BlobNotFoundException">No committed blob has this name.</exception>
    Task<Stream> OpenReadAsync(string blobName, long offset, long? length, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="OpenReadAsync(string, long, long?, CancellationToken)"/>, but only while the
    /// committed blob's ETag equals <paramref name="ifMatch"/> (no condition when null): a reader
    /// that resumes or reopens a blob never mixes bytes of two versions.
    /// </summary>
    /// <exception cref="BlobStoreException">
    /// With <see cref="BlobErrorCodes.ConditionNotMet"/> (HTTP 412) when the blob has another ETag
    /// or is gone (as in HTTP, If-Match fails on a missing resource).
    /// </exception>
    Task<Stream> OpenReadAsync(string blobName, long offset, long? length, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the committed blob and any staged blocks; <see langword="false"/> when neither existed.
    /// </summary>
    Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a small whole blob in one call (e.g. a media record sidecar), replacing any blob
    /// of that name; atomic like <see cref="CommitAsync"/>. Meant for names without an upload in
    /// progress: whether staged blocks of the name survive is up to the store.
    /// </summary>
    Task<BlobProperties> PutAsync(string blobName, ReadOnlyMemory<byte> content, BlobCommitOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// The committed blobs whose names start with <paramref name="prefix"/> (empty for all), with
    /// their properties and metadata, e.g. to sweep expired media where no lifecycle engine runs.
    /// Order is unspecified.
    /// </summary>
    IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken);
}
