namespace MediaGrpc.Storage;

/// <summary>
/// Error codes of <see cref="BlobStoreException"/> that every store uses for the same condition.
/// Azure failures otherwise carry the service's own <c>x-ms-error-code</c>.
/// </summary>
public static class BlobErrorCodes
{
    /// <summary>The blob does not exist (Azure's own code).</summary>
    public const string BlobNotFound = "BlobNotFound";

    /// <summary>A read started past the end of the blob (Azure's own code, HTTP 416).</summary>
    public const string InvalidRange = "InvalidRange";

    /// <summary>A conditional read found the blob with another ETag (Azure's own code, HTTP 412).</summary>
    public const string ConditionNotMet = "ConditionNotMet";

    /// <summary>A commit found no staged blocks (HTTP 409).</summary>
    public const string NoStagedBlocks = "NoStagedBlocks";

    /// <summary>A commit found staged blocks with a gap or overlap, or not starting at 0 (HTTP 409).</summary>
    public const string StagedBlocksNotContiguous = "StagedBlocksNotContiguous";

    /// <summary>The store has no room for the write: the local store's volume is full (HTTP 507).</summary>
    public const string InsufficientStorage = "InsufficientStorage";
}
