using System.Net;
using MediaGrpc.Storage.Internal;

namespace MediaGrpc.Storage;

// Block blob operations: Put Block, Get Block List, Put Block List.
public sealed partial class AzureBlobClient
{
    // "Prior to encoding, the string must be less than or equal to 64 bytes in size."
    private const int MaxBlockIdBytes = 64;

    /// <summary>
    /// Put Block (https://learn.microsoft.com/rest/api/storageservices/put-block): stages
    /// <paramref name="data"/> as an uncommitted block; durable once this completes. The body is
    /// sent with its Content-MD5, which the service checks.
    /// </summary>
    /// <param name="containerName">The container.</param>
    /// <param name="blobName">The blob, a valid <see cref="BlobName"/>.</param>
    /// <param name="blockId">Base64 of at most 64 bytes; all IDs of one blob must have the same length.</param>
    /// <param name="data">The block's bytes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task PutBlockAsync(string containerName, string blobName, string blockId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        => PutBlockAsync(containerName, blobName, blockId, data, contentMd5: null, cancellationToken);

    /// <summary>
    /// Put Block with the body's MD5 given by the caller (16 bytes, computed while the bytes
    /// arrived), or null to have it computed here before sending.
    /// </summary>
    /// <param name="containerName">The container.</param>
    /// <param name="blobName">The blob, a valid <see cref="BlobName"/>.</param>
    /// <param name="blockId">Base64 of at most 64 bytes; all IDs of one blob must have the same length.</param>
    /// <param name="data">The block's bytes.</param>
    /// <param name="contentMd5">MD5 of <paramref name="data"/>, sent as Content-MD5; the service refuses a mismatch.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task PutBlockAsync(string containerName, string blobName, string blockId, ReadOnlyMemory<byte> data, byte[]? contentMd5, CancellationToken cancellationToken)
    {
        var path = BlobPath(containerName, blobName);
        ValidateBlockId(blockId);
        if (contentMd5 is { Length: not 16 })
        {
            throw new ArgumentException("An MD5 is 16 bytes.", nameof(contentMd5));
        }

        var request = new BlobRequest("Put Block", HttpMethod.Put, path, "comp=block&blockid=" + Uri.EscapeDataString(blockId))
        {
            Content = data,
            ContentMd5 = contentMd5,
        };
        using var response = await _pipeline.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await _pipeline.CreateErrorAsync(request, response, cancellationToken);
        }
    }

    /// <summary>
    /// Get Block List (https://learn.microsoft.com/rest/api/storageservices/get-block-list) with
    /// <c>blocklisttype=all</c>. A blob that only has uncommitted blocks has a block list too.
    /// </summary>
    /// <exception cref="BlobNotFoundException">Neither a blob nor staged blocks exist under the name.</exception>
    public async Task<BlobBlockList> GetBlockListAsync(string containerName, string blobName, CancellationToken cancellationToken)
    {
        var request = new BlobRequest("Get Block List", HttpMethod.Get, BlobPath(containerName, blobName), "comp=blocklist&blocklisttype=all");
        using var response = await _pipeline.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await BlobXml.ParseBlockListAsync(body, cancellationToken);
        }

        var error = await _pipeline.CreateErrorAsync(request, response, cancellationToken);
        throw response.StatusCode == HttpStatusCode.NotFound ? BlobNotFoundException.ForBlob(blobName, error) : error;
    }

    /// <summary>
    /// Put Block List (https://learn.microsoft.com/rest/api/storageservices/put-block-list):
    /// commits the listed blocks, in order, as the blob's content, atomically; uncommitted blocks
    /// not listed are discarded. Content type and metadata go in x-ms-blob-content-type and
    /// x-ms-meta-* headers.
    /// </summary>
    public Task<BlobWriteResult> PutBlockListAsync(
        string containerName,
        string blobName,
        IReadOnlyList<string> blockIds,
        BlobCommitOptions options,
        CancellationToken cancellationToken)
        => PutBlockListAsync(containerName, blobName, blockIds, options, onlyIfAbsent: false, cancellationToken);

    // onlyIfAbsent sends If-None-Match: *, which fails with 409 BlobAlreadyExists instead of replacing a blob.
    internal async Task<BlobWriteResult> PutBlockListAsync(
        string containerName,
        string blobName,
        IReadOnlyList<string> blockIds,
        BlobCommitOptions options,
        bool onlyIfAbsent,
        CancellationToken cancellationToken)
    {
        var path = BlobPath(containerName, blobName);
        ArgumentNullException.ThrowIfNull(blockIds);
        foreach (var id in blockIds)
        {
            ValidateBlockId(id, nameof(blockIds));
        }

        BlobCommitRules.Validate(options);
        var request = new BlobRequest("Put Block List", HttpMethod.Put, path, "comp=blocklist")
        {
            Content = BlobXml.BlockListBody(blockIds),
        };
        if (onlyIfAbsent)
        {
            request.WithHeader("If-None-Match", "*");
        }

        AddBlobHeaders(request, options);
        using var response = await _pipeline.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await _pipeline.CreateErrorAsync(request, response, cancellationToken);
        }

        return BlobResponseHeaders.ToWriteResult(response);
    }

    private static void AddBlobHeaders(BlobRequest request, BlobCommitOptions options)
    {
        if (options.ContentType is { } contentType)
        {
            request.WithHeader("x-ms-blob-content-type", contentType);
        }

        foreach (var (key, value) in options.Metadata)
        {
            request.WithHeader("x-ms-meta-" + key, value);
        }
    }

    private static void ValidateBlockId(string blockId, string paramName = "blockId")
    {
        ArgumentNullException.ThrowIfNull(blockId, paramName);
        Span<byte> decoded = stackalloc byte[MaxBlockIdBytes];
        if (blockId.Length == 0 || !Convert.TryFromBase64String(blockId, decoded, out _))
        {
            throw new ArgumentException($"A block ID must be base64 of 1 to {MaxBlockIdBytes} bytes.", paramName);
        }
    }
}
