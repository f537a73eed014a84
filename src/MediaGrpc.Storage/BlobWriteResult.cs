namespace MediaGrpc.Storage;

/// <summary>What the service reports after Put Blob or Put Block List.</summary>
/// <param name="ETag">The new entity tag, quoted.</param>
/// <param name="LastModified">The new last-modified time.</param>
public sealed record BlobWriteResult(string ETag, DateTimeOffset LastModified);
