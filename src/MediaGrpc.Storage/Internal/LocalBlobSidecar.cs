using System.Text.Json.Serialization;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// What the local store keeps beside a committed blob. Replacing this file is the commit point:
/// it names where the bytes of the version it describes are, either one data file or a folder
/// of parts (the version's staged blocks, moved there by the commit instead of copied).
/// </summary>
internal sealed class LocalBlobSidecar
{
    public required string ETag { get; init; }

    /// <summary>The file holding the whole content; null for a parts version. Every sidecar written before parts existed has one.</summary>
    public string? DataFile { get; init; }

    /// <summary>The folder holding the parts, each named after its offset; null for a data-file version.</summary>
    public string? PartsFolder { get; init; }

    /// <summary>The length of each part in offset order: part i starts where part i-1 ends.</summary>
    public IReadOnlyList<long>? PartLengths { get; init; }

    public required long Length { get; init; }

    public string? ContentType { get; init; }

    public required Dictionary<string, string> Metadata { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Exactly one place for the bytes, and parts that add up to the length.</summary>
    public bool IsConsistent()
    {
        if (DataFile is not null)
        {
            return PartsFolder is null && PartLengths is null;
        }

        if (PartsFolder is null || PartLengths is null)
        {
            return false;
        }

        long sum = 0;
        foreach (var length in PartLengths)
        {
            if (length <= 0)
            {
                return false;
            }

            sum += length;
        }

        return sum == Length;
    }

    public BlobProperties ToProperties(string blobName) => new(blobName, Length, ETag, ContentType, Metadata, LastModified);
}

[JsonSerializable(typeof(LocalBlobSidecar))]
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class LocalBlobSidecarJsonContext : JsonSerializerContext;
