using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace MediaGrpc.Bench.Download;

/// <summary>One ranged Get Blob with Azure.Storage.Blobs, streamed as the service's store reads it.</summary>
internal static class DirectRead
{
    public static async Task<Stream> OpenAsync(BlobBaseClient blob, long size, CancellationToken cancellationToken)
    {
        var options = new BlobDownloadOptions { Range = new HttpRange(0, size) };
        var response = await blob.DownloadStreamingAsync(options, cancellationToken);
        return response.Value.Content;
    }
}
