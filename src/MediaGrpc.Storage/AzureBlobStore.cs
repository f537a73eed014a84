using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MediaGrpc.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage;

/// <summary>
/// An <see cref="IBlobStore"/> on Azure Blob storage (or Azurite) through Azure.Storage.Blobs:
/// each staged block is a Put Block whose ID encodes its offset (<c>Internal/BlockIds</c>), the
/// staged blocks are the blob's uncommitted block list, and commit is one Put Block List, which
/// the service applies atomically.
/// </summary>
/// <remarks>
/// One <see cref="BlobContainerClient"/> (and so one HTTP pipeline) serves every call; the
/// per-blob clients it hands out are just addresses. SDK failures become the port's exceptions
/// in <c>Internal/AzureFailures</c> only.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly BlobContainerClient _container;
    private readonly bool _createContainer;
    private readonly ILogger _logger;
    private readonly Lock _containerGate = new();
    private Task? _containerCreation;

    /// <param name="service">The shared service client (<see cref="AzureBlobServiceClientFactory"/>).</param>
    /// <param name="options">Container name and creation.</param>
    /// <param name="logger">Optional logger.</param>
    public AzureBlobStore(BlobServiceClient service, IOptions<AzureBlobStoreOptions> options, ILogger<AzureBlobStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        var containerName = options.Value.ContainerName;
        if (AzureBlobStoreOptionsValidator.CheckContainerName(containerName) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _container = service.GetBlobContainerClient(containerName);
        _createContainer = options.Value.CreateContainerIfNotExists;
        _logger = logger ?? NullLogger<AzureBlobStore>.Instance;
    }

    /// <summary>The container the store writes to.</summary>
    public string ContainerName => _container.Name;

    /// <summary>The container client every call goes through.</summary>
    public BlobContainerClient Container => _container;

    /// <inheritdoc />
    public bool ChecksBlockMd5 => true;

    /// <inheritdoc />
    public Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        StagedBlockRules.ValidateStage(offset, data);

        // Without a transactional checksum Azurite computes CRC64 itself, at half speed.
#pragma warning disable CA5351 // MD5 is the service's transport check, not security.
        return StageAsync(blobName, offset, data, MD5.HashData(data.Span), cancellationToken);
#pragma warning restore CA5351
    }

    /// <inheritdoc />
    public Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, byte[] contentMd5, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contentMd5);
        if (contentMd5.Length != 16)
        {
            throw new ArgumentException("An MD5 is 16 bytes.", nameof(contentMd5));
        }

        return StageAsync(blobName, offset, data, contentMd5, cancellationToken);
    }

    private async Task StageAsync(string blobName, long offset, ReadOnlyMemory<byte> data, byte[] contentMd5, CancellationToken cancellationToken)
    {
        BlobName.Validate(blobName);
        StagedBlockRules.ValidateStage(offset, data);
        await EnsureContainerAsync(cancellationToken);
        var options = new BlockBlobStageBlockOptions
        {
            // Sent as Content-MD5; the service refuses a block whose bytes do not match it.
            TransferValidation = new UploadTransferValidationOptions
            {
                ChecksumAlgorithm = StorageChecksumAlgorithm.MD5,
                PrecalculatedChecksum = contentMd5,
            },
        };

        // A read-only stream over the caller's memory: no copy of the block.
        await using var content = BinaryData.FromBytes(data).ToStream();
        try
        {
            await Blob(blobName).StageBlockAsync(BlockIds.FromOffset(offset), content, options, cancellationToken);
        }
        catch (Exception e) when (AzureFailures.Translate(e, "Put Block", blobName, null, cancellationToken) is { } failure)
        {
            throw failure;
        }

        AzureBlobStoreLog.BlockStaged(_logger, blobName, offset, data.Length);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StagedBlock>> GetStagedBlocksAsync(string blobName, CancellationToken cancellationToken)
    {
        BlobName.Validate(blobName);
        BlockList list;
        try
        {
            list = (await Blob(blobName).GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Neither a blob nor staged blocks under the name (or no container yet).
            return [];
        }
        catch (Exception e) when (AzureFailures.Translate(e, "Get Block List", blobName, null, cancellationToken) is { } failure)
        {
            throw failure;
        }

        var blocks = new List<StagedBlock>();
        foreach (var block in list.UncommittedBlocks)
        {
            if (BlockIds.TryGetOffset(block.Name, out var offset))
            {
                blocks.Add(new StagedBlock(offset, block.SizeLong));
            }
            else
            {
                AzureBlobStoreLog.ForeignBlock(_logger, blobName, block.Name);
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

        var result = await CommitBlocksAsync(blobName, ids, options, conditions: null, cancellationToken);
        var length = blocks[^1].End;
        var properties = Describe(blobName, length, options, result);
        AzureBlobStoreLog.Committed(_logger, blobName, ids.Length, length, properties.ETag);
        return properties;
    }

    /// <inheritdoc />
    public async Task<BlobProperties?> GetPropertiesAsync(string blobName, CancellationToken cancellationToken)
    {
        BlobName.Validate(blobName);
        Azure.Storage.Blobs.Models.BlobProperties properties;
        try
        {
            properties = (await Blob(blobName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (AzureFailures.Translate(e, "Get Blob Properties", blobName, null, cancellationToken) is { } failure)
        {
            throw failure;
        }

        return new BlobProperties(
            blobName,
            properties.ContentLength,
            AzureETags.ToHeader(properties.ETag),
            properties.ContentType ?? BlobCommitOptions.DefaultContentType,
            new Dictionary<string, string>(properties.Metadata, StringComparer.Ordinal),
            properties.LastModified);
    }

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
            var options = new BlobDownloadOptions
            {
                Range = new HttpRange(offset, length),
                Conditions = ifMatch is null ? null : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
            };
            try
            {
                // The SDK's stream re-requests the rest after a broken connection, bound to the
                // ETag of this first answer, so even an unconditional read never mixes versions.
                var download = (await Blob(blobName).DownloadStreamingAsync(options, cancellationToken)).Value;
                return new AzureReadStream(download.Content, blobName, AzureETags.ToHeader(download.Details.ETag));
            }
            catch (RequestFailedException e) when (e.Status == 416)
            {
                // The service refuses a range starting at the end; the port allows it (an empty read).
            }
            catch (Exception e) when (AzureFailures.Translate(e, AzureFailures.GetBlob, blobName, ifMatch, cancellationToken) is { } failure)
            {
                throw failure;
            }
        }

        var properties = await GetPropertiesAsync(blobName, cancellationToken);
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
        BlobName.Validate(blobName);
        if (await DeleteCommittedAsync(blobName, cancellationToken))
        {
            AzureBlobStoreLog.Deleted(_logger, blobName);
            return true;
        }

        // A never-committed blob's staged blocks survive Delete Blob. Put Block List discards the
        // blocks it does not list, so commit an empty list (only if no blob appeared meanwhile:
        // If-None-Match *) and delete the empty blob that makes.
        if ((await GetStagedBlocksAsync(blobName, cancellationToken)).Count == 0)
        {
            return false;
        }

        try
        {
            await CommitBlocksAsync(blobName, [], new BlobCommitOptions(), new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
        }
        catch (BlobStoreException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Committed meanwhile: deleting it below removes its blocks as well.
        }

        await DeleteCommittedAsync(blobName, cancellationToken);
        AzureBlobStoreLog.Deleted(_logger, blobName);
        return true;
    }

    /// <inheritdoc />
    public async Task<BlobProperties> PutAsync(string blobName, ReadOnlyMemory<byte> content, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        BlobName.Validate(blobName);
        BlobCommitRules.Validate(options);
        await EnsureContainerAsync(cancellationToken);
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = options.ContentType },
            Metadata = Metadata(options),
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
        };
        BlobContentInfo result;
        await using var body = BinaryData.FromBytes(content).ToStream();
        try
        {
            // Small content (records, sidecars): one Put Blob, replacing any blob of the name.
            result = (await Blob(blobName).UploadAsync(body, upload, cancellationToken)).Value;
        }
        catch (Exception e) when (AzureFailures.Translate(e, "Put Blob", blobName, null, cancellationToken) is { } failure)
        {
            throw failure;
        }

        var properties = Describe(blobName, content.Length, options, result);
        AzureBlobStoreLog.Committed(_logger, blobName, 1, content.Length, properties.ETag);
        return properties;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobName.ValidatePrefix(prefix);
        return ListCoreAsync(prefix, cancellationToken);
    }

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
                _containerCreation = CreateContainerAsync();
            }

            return _containerCreation.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateContainerAsync()
    {
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        }
        catch (Exception e) when (AzureFailures.Translate(e, "Create Container", null, null, CancellationToken.None) is { } failure)
        {
            throw failure;
        }
    }

    private async IAsyncEnumerable<BlobProperties> ListCoreAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = _container
            .GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix.Length == 0 ? null : prefix }, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (items)
        {
            while (true)
            {
                try
                {
                    if (!await items.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // No container yet: nothing to list.
                    yield break;
                }
                catch (Exception e) when (AzureFailures.Translate(e, "List Blobs", null, null, cancellationToken) is { } failure)
                {
                    throw failure;
                }

                var item = items.Current;
                yield return new BlobProperties(
                    item.Name,
                    item.Properties.ContentLength ?? 0,
                    AzureETags.ToHeader(item.Properties.ETag ?? default),
                    item.Properties.ContentType ?? BlobCommitOptions.DefaultContentType,
                    new Dictionary<string, string>(item.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                    item.Properties.LastModified ?? default);
            }
        }
    }

    private async Task<BlobContentInfo> CommitBlocksAsync(
        string blobName, string[] ids, BlobCommitOptions options, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        var commit = new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = options.ContentType },
            Metadata = Metadata(options),
            Conditions = conditions,
        };
        try
        {
            return (await Blob(blobName).CommitBlockListAsync(ids, commit, cancellationToken)).Value;
        }
        catch (Exception e) when (AzureFailures.Translate(e, "Put Block List", blobName, null, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private async Task<bool> DeleteCommittedAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            // Snapshots included; uncommitted blocks of a never-committed blob are not touched.
            return (await Blob(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The container is missing, so is the blob.
            return false;
        }
        catch (Exception e) when (AzureFailures.Translate(e, "Delete Blob", blobName, null, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private BlockBlobClient Blob(string blobName) => _container.GetBlockBlobClient(blobName);

    private static Dictionary<string, string> Metadata(BlobCommitOptions options)
        => new(options.Metadata, StringComparer.Ordinal);

    private static BlobProperties Describe(string blobName, long length, BlobCommitOptions options, BlobContentInfo result) => new(
        blobName,
        length,
        AzureETags.ToHeader(result.ETag),
        options.ContentType ?? BlobCommitOptions.DefaultContentType,
        new Dictionary<string, string>(options.Metadata, StringComparer.Ordinal),
        result.LastModified);
}
