using System.Diagnostics.CodeAnalysis;

namespace MediaGrpc.Storage.Internal;

/// <summary>Reads blob properties from the headers of Get Blob Properties and write replies.</summary>
internal static class BlobResponseHeaders
{
    private const string MetadataPrefix = "x-ms-meta-";

    [SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "Metadata keys are lower case by our rules.")]
    public static BlobProperties ToProperties(string blobName, HttpResponseMessage response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            if (name.Length > MetadataPrefix.Length && name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[name[MetadataPrefix.Length..].ToLowerInvariant()] = values.ToString();
            }
        }

        var content = response.Content.Headers;
        return new BlobProperties(
            blobName,
            content.ContentLength ?? throw Missing("Content-Length"),
            ETag(response),
            content.NonValidated.TryGetValues("Content-Type", out var type) ? type.ToString() : null,
            metadata,
            LastModified(response));
    }

    public static BlobWriteResult ToWriteResult(HttpResponseMessage response) => new(ETag(response), LastModified(response));

    private static string ETag(HttpResponseMessage response)
        => response.Headers.NonValidated.TryGetValues("ETag", out var etag) ? etag.ToString() : throw Missing("ETag");

    private static DateTimeOffset LastModified(HttpResponseMessage response)
        => response.Content.Headers.LastModified ?? throw Missing("Last-Modified");

    private static BlobStoreException Missing(string header) => new($"The service's reply lacks the {header} header.");
}
