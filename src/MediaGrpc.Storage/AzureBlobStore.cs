using System.Net;
using MediaGrpc.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage;

/// <summary>
/// An <see cref="IBlobStore"/> on Azure Blob storage (or Azurite): each staged block is a Put
/// Block whose ID encodes its offset (<c>Internal/BlockIds</c>), the staged blocks are the
/// blob's uncommitted block list, and commit is one Put Block List, which the service applies
/// atomically.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly AzureBlobClient _client;
    private readonly string _container;
    private readonly bool _createContainer;
    private readonly ILogger _logger;
    private readonly Lock _containerGate = new();
    private Task? _containerCreation;

    /// <param name="client">The REST client; the caller owns and disposes it.</param>
    /// <param name="options">Container name and creation.</param>
    /// <param name="logger">Optional logger.</param>
    public AzureBlobStore(AzureBlobClient client, IOptions<AzureBlobStoreOptions> options, ILogger<AzureBlobStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _container = options.Value.ContainerName;
        AzureBlobClient.ValidateContainerName(_container);
        _createContainer = options.Value.CreateContainerIfNotExists;
        _logger = logger ?? NullLogger<AzureBlobStore>.Instance;
    }

    /// <summary>The container the store writes to.</summary>
    public string ContainerName => _container;

    /// <inheritdoc />
    public bool ChecksBlockMd5 => true;

    /// <inheritdoc />
    public Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        => StageAsync(blobName, offset, data, contentMd5: null, cancellationToken);

    /// <inheritdoc />
    public Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, byte[] contentMd5, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contentMd5);
        return StageAsync(blobName, offset, data, contentMd5, cancellationToken);
    }

    private async Task StageAsync(string blobName, long offset, ReadOnlyMemory<byte> data, byte[]? contentMd5, CancellationToken cancellationToken)
    {
        BlobName.Validate(blobName);
        StagedBlockRules.ValidateStage(offset, data);
        await EnsureContainerAsync(cancellationToken);
        await _client.PutBlockAsync(_container, blobName, BlockIds.FromOffset(offset), data, contentMd5, cancellationToken);
        AzureBlobStoreLog.BlockStaged(_logger, blobName, offset, data.Length);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StagedBlock>> GetStagedBlocksAsync(string blobName, CancellationToken cancellationToken)
    {
        BlobBlockList list;
        try
        {
            list = await _client.GetBlockListAsync(_container, blobName, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            return [];
        }

        var blocks = new List<StagedBlock>(list.Uncommitted.Count);
        foreach (var block in list.Uncommitted)
        {
            if (BlockIds.TryGetOffset(block.Id, out var offset))
            {
                blocks.Add(new StagedBlock(offset, block.Size));
            }
            else
            {
                AzureBlobStoreLog.ForeignBlock(_logger, blobName, block.Id);
            }
        }

        blocks.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        return blocks;
    }

    /// <inheritdoc />
    public async Task<BlobProperties> CommitAsync(string blobName, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        BlobName.Validate(blobName);
        BlobCommitRules.Validate(options);
        var blocks = await GetStagedBlocksAsync(blobName, cancellationToken);
        StagedBlockRules.EnsureCommittable(blobName, blocks);

        var ids = new string[blocks.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = BlockIds.FromOffset(blocks[i].Offset);
        }

        var result = await _client.PutBlockListAsync(_container, blobName, ids, options, cancellationToken);
        var length = blocks[^1].End;
        AzureBlobStoreLog.Committed(_logger, blobName, ids.Length, length, result.ETag);
        return Describe(blobName, length, options, result);
    }

    /// <inheritdoc />
    public Task<BlobProperties?> GetPropertiesAsync(string blobName, CancellationToken cancellationToken)
        => _client.GetPropertiesAsync(_container, blobName, cancellationToken);

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string blobName, long offset, long? length, CancellationToken cancellationToken)
        => OpenReadAsync(blobName, offset, length, ifMatch: null, cancellationToken);

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string blobName, long offset, long? length, string? ifMatch, CancellationToken cancellationToken)
    {
        BlobName.Validate(blobName);
        StagedBlockRules.ValidateRead(offset, length);
        if (length != 0)
        {
            try
            {
                return await _client.GetBlobAsync(_container, blobName, offset, length, ifMatch, cancellationToken);
            }
            catch (BlobStoreException exception) when (exception.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The service refuses a range starting at the end; the port allows it (an empty read).
            }
        }

        var properties = await _client.GetPropertiesAsync(_container, blobName, cancellationToken);
        if (properties is null)
        {
            throw ifMatch is null ? BlobNotFoundException.ForBlob(blobName) : StagedBlockRules.ConditionNotMet(blobName, ifMatch);
        }

        if (ifMatch is not null && !string.Equals(ifMatch, properties.ETag, StringComparison.Ordinal))
        {
            throw StagedBlockRules.ConditionNotMet(blobName, ifMatch);
        }

        return offset <= properties.Length
            ? new MemoryStream([], writable: false)
            : throw StagedBlockRules.InvalidRange(blobName, offset, properties.Length);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken)
    {
        if (await _client.DeleteBlobAsync(_container, blobName, cancellationToken))
        {
            AzureBlobStoreLog.Deleted(_logger, blobName);
            return true;
        }

        // A never-committed blob's staged blocks survive Delete Blob. Put Block List discards the
        // blocks it does not list, so commit an empty list (only if no blob appeared meanwhile)
        // and delete the empty blob that makes.
        if ((await GetStagedBlocksAsync(blobName, cancellationToken)).Count == 0)
        {
            return false;
        }

        try
        {
            await _client.PutBlockListAsync(_container, blobName, [], new BlobCommitOptions(), onlyIfAbsent: true, cancellationToken);
        }
        catch (BlobStoreException exception) when (exception.StatusCode == HttpStatusCode.Conflict)
        {
            // Committed meanwhile: deleting it below removes its blocks as well.
        }

        await _client.DeleteBlobAsync(_container, blobName, cancellationToken);
        AzureBlobStoreLog.Deleted(_logger, blobName);
        return true;
    }

    /// <inheritdoc />
    public async Task<BlobProperties> PutAsync(string blobName, ReadOnlyMemory<byte> content, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        BlobName.Validate(blobName);
        BlobCommitRules.Validate(options);
        await EnsureContainerAsync(cancellationToken);
        var result = await _client.PutBlobAsync(_container, blobName, content, options, cancellationToken);
        AzureBlobStoreLog.Committed(_logger, blobName, 1, content.Length, result.ETag);
        return Describe(blobName, content.Length, options, result);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken)
        => _client.ListBlobsAsync(_container, prefix, cancellationToken);

    /// <summary>Creates the container now when the options ask for it, e.g. at start-up.</summary>
    public Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_createContainer)
        {
            return Task.CompletedTask;
        }

        lock (_containerGate)
        {
            if (_containerCreation is null || _containerCreation.IsFaulted || _containerCreation.IsCanceled)
            {
                // Shared by every caller, so no caller's token may cancel it; each waits with its own.
                _containerCreation = _client.CreateContainerIfNotExistsAsync(_container, CancellationToken.None);
            }

            return _containerCreation.WaitAsync(cancellationToken);
        }
    }

    private static BlobProperties Describe(string blobName, long length, BlobCommitOptions options, BlobWriteResult result) => new(
        blobName,
        length,
        result.ETag,
        options.ContentType ?? BlobCommitOptions.DefaultContentType,
        new Dictionary<string, string>(options.Metadata, StringComparer.Ordinal),
        result.LastModified);
}
