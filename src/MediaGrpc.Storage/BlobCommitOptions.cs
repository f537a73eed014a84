namespace MediaGrpc.Storage;

/// <summary>What a commit or put stores alongside the content.</summary>
/// <remarks>
/// The rules are the same for every store so that code tested on local disk behaves the same on
/// Azure: the content type is printable ASCII up to 255 characters; metadata keys match
/// <c>[a-z][a-z0-9]{0,63}</c> (Azure requires C# identifiers and signs the headers in a
/// culture-sorted order that equals ordinal order only for these characters); values are
/// printable ASCII without leading or trailing spaces; keys and values together stay within
/// 8 KiB, Azure's limit. Larger or non-ASCII data belongs in a sidecar blob.
/// </remarks>
public sealed record BlobCommitOptions
{
    /// <summary>What stores report for a blob committed without a content type, as Azure does.</summary>
    public const string DefaultContentType = "application/octet-stream";

    /// <summary>The blob's content type; default none, reported as <see cref="DefaultContentType"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>The blob's metadata; default empty.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
