namespace MediaGrpc.Storage;

/// <summary>The committed and uncommitted blocks of a block blob, each in the service's order.</summary>
public sealed record BlobBlockList(IReadOnlyList<BlobBlock> Committed, IReadOnlyList<BlobBlock> Uncommitted);
