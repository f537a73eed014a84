namespace MediaGrpc.Storage;

/// <summary>The properties of a committed blob.</summary>
/// <param name="Name">The blob name.</param>
/// <param name="Length">Content length in bytes.</param>
/// <param name="ETag">Opaque entity tag, quoted; it changes on every commit or put.</param>
/// <param name="ContentType">The content type given at commit, if any.</param>
/// <param name="Metadata">The metadata given at commit (lower-case keys).</param>
/// <param name="LastModified">When the blob was last committed.</param>
public sealed record BlobProperties(
    string Name,
    long Length,
    string ETag,
    string? ContentType,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset LastModified);
