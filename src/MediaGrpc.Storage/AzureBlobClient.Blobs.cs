using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using MediaGrpc.Storage.Internal;

namespace MediaGrpc.Storage;

// Whole-blob operations: Put Blob, Get Blob, Get Blob Properties, Delete Blob, List Blobs.
public sealed partial class AzureBlobClient
{
    private const int ListPageSize = 5000;

    /// <summary>
    /// Put Blob (https://learn.microsoft.com/rest/api/storageservices/put-blob) of a block blob
    /// in one request, replacing any blob of that name.
    /// </summary>
    public async Task<BlobWriteResult> PutBlobAsync(
        string containerName, string blobName, ReadOnlyMemory<byte> content, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        var path = BlobPath(containerName, blobName);
        BlobCommitRules.Validate(options);
        var request = new BlobRequest("Put Blob", HttpMethod.Put, path) { Content = content }
            .WithHeader("x-ms-blob-type", "BlockBlob");
        AddBlobHeaders(request, options);
        using var response = await _pipeline.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await _pipeline.CreateErrorAsync(request, response, cancellationToken);
        }

        return BlobResponseHeaders.ToWriteResult(response);
    }

    /// <summary>
    /// Get Blob (https://learn.microsoft.com/rest/api/storageservices/get-blob) from
    /// <paramref name="offset"/>, at most <paramref name="length"/> bytes (to the end when null),
    /// via <c>x-ms-range</c>. The stream reads straight from the connection; dispose it.
    /// </summary>
    /// <exception cref="BlobNotFoundException">No committed blob has this name.</exception>
    /// <exception cref="BlobStoreException">Status 416 when <paramref name="offset"/> is not before the end.</exception>
    public Task<Stream> GetBlobAsync(string containerName, string blobName, long offset, long? length, CancellationToken cancellationToken)
        => GetBlobAsync(containerName, blobName, offset, length, ifMatch: null, cancellationToken);

    /// <summary>
    /// Get Blob as above, conditional on the blob's ETag (<c>If-Match</c>) when
    /// <paramref name="ifMatch"/> is set: another version answers 412 <c>ConditionNotMet</c>.
    /// </summary>
    /// <exception cref="BlobNotFoundException">No committed blob has this name.</exception>
    /// <exception cref="BlobStoreException">Status 416 when <paramref name="offset"/> is not before the end; 412 when the ETag differs.</exception>
    public async Task<Stream> GetBlobAsync(
        string containerName, string blobName, long offset, long? length, string? ifMatch, CancellationToken cancellationToken)
    {
        var path = BlobPath(containerName, blobName);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(length));
        }

        var request = new BlobRequest("Get Blob", HttpMethod.Get, path) { StreamResponse = true };
        if (length is { } n)
        {
            request.WithHeader("x-ms-range", string.Create(CultureInfo.InvariantCulture, $"bytes={offset}-{offset + n - 1}"));
        }
        else if (offset > 0)
        {
            request.WithHeader("x-ms-range", string.Create(CultureInfo.InvariantCulture, $"bytes={offset}-"));
        }

        if (ifMatch is not null)
        {
            request.WithHeader("If-Match", ifMatch);
        }

        var response = await _pipeline.SendAsync(request, cancellationToken);
        try
        {
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent)
            {
                return await response.Content.ReadAsStreamAsync(cancellationToken);
            }

            var error = await _pipeline.CreateErrorAsync(request, response, cancellationToken);
            throw response.StatusCode == HttpStatusCode.NotFound ? BlobNotFoundException.ForBlob(blobName, error) : error;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Get Blob Properties (https://learn.microsoft.com/rest/api/storageservices/get-blob-properties);
    /// <see langword="null"/> when no committed blob has this name.
    /// </summary>
    public async Task<BlobProperties?> GetPropertiesAsync(string containerName, string blobName, CancellationToken cancellationToken)
    {
        var request = new BlobRequest("Get Blob Properties", HttpMethod.Head, BlobPath(containerName, blobName));
        using var response = await _pipeline.SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => BlobResponseHeaders.ToProperties(blobName, response),
            HttpStatusCode.NotFound => null,
            _ => throw await _pipeline.CreateErrorAsync(request, response, cancellationToken),
        };
    }

    /// <summary>
    /// Delete Blob (https://learn.microsoft.com/rest/api/storageservices/delete-blob) with its
    /// snapshots; <see langword="false"/> when no committed blob had this name. Uncommitted blocks
    /// of a never-committed blob are not touched (the service drops them after a week).
    /// </summary>
    public async Task<bool> DeleteBlobAsync(string containerName, string blobName, CancellationToken cancellationToken)
    {
        var request = new BlobRequest("Delete Blob", HttpMethod.Delete, BlobPath(containerName, blobName))
            .WithHeader("x-ms-delete-snapshots", "include");
        using var response = await _pipeline.SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted => true,
            HttpStatusCode.NotFound => false,
            _ => throw await _pipeline.CreateErrorAsync(request, response, cancellationToken),
        };
    }

    /// <summary>
    /// List Blobs (https://learn.microsoft.com/rest/api/storageservices/list-blobs) whose names
    /// start with <paramref name="prefix"/>, with metadata, page by page in name order; empty
    /// when the container does not exist.
    /// </summary>
    public IAsyncEnumerable<BlobProperties> ListBlobsAsync(string containerName, string prefix, CancellationToken cancellationToken)
    {
        var path = ContainerPath(containerName);
        BlobName.ValidatePrefix(prefix);
        return ListBlobsCoreAsync(path, prefix, cancellationToken);
    }

    private async IAsyncEnumerable<BlobProperties> ListBlobsCoreAsync(
        string containerPath, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? marker = null;
        do
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"restype=container&comp=list&include=metadata&maxresults={ListPageSize}");
            if (prefix.Length > 0)
            {
                query += "&prefix=" + Uri.EscapeDataString(prefix);
            }

            if (marker is not null)
            {
                query += "&marker=" + Uri.EscapeDataString(marker);
            }

            var request = new BlobRequest("List Blobs", HttpMethod.Get, containerPath, query);
            List<BlobProperties> blobs;
            using (var response = await _pipeline.SendAsync(request, cancellationToken))
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    yield break;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw await _pipeline.CreateErrorAsync(request, response, cancellationToken);
                }

                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                (blobs, marker) = await BlobXml.ParseListBlobsAsync(body, cancellationToken);
            }

            foreach (var blob in blobs)
            {
                yield return blob;
            }
        }
        while (marker is not null);
    }
}
