using System.Text.Json.Serialization;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// What the local store keeps beside a committed blob. Replacing this file is the commit point:
/// it names the data file of the version it describes.
/// </summary>
internal sealed class LocalBlobSidecar
{
    public required string ETag { get; init; }

    public required string DataFile { get; init; }

    public required long Length { get; init; }

    public string? ContentType { get; init; }

    public required Dictionary<string, string> Metadata { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public BlobProperties ToProperties(string blobName) => new(blobName, Length, ETag, ContentType, Metadata, LastModified);
}

[JsonSerializable(typeof(LocalBlobSidecar))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class LocalBlobSidecarJsonContext : JsonSerializerContext;
