using MediaGrpc.Server.Stored;
using MediaGrpc.Server.Upload;
using MediaGrpc.Storage;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Media;

/// <summary>
/// Deletes media whose TTL ended, uploads abandoned past their expiry and idempotency
/// entries that no longer lead anywhere, for stores where no lifecycle engine does (local
/// disk, Azurite). Expiry is read from each
/// record's blob metadata, so a sweep lists and never reads records. The service
/// refuses expired media whether or not a sweep has run yet.
/// </summary>
internal sealed class ExpiredMediaSweeper(
    IBlobStore store,
    MediaCatalog catalog,
    IOptions<MediaOptions> options,
    TimeProvider timeProvider,
    ILogger<ExpiredMediaSweeper> logger)
{
    /// <summary>One pass over every TTL class and the unfinished uploads; returns how many items it deleted.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var deleted = 0;
        foreach (var ttl in options.Value.TtlClasses)
        {
            await foreach (var record in store.ListAsync(ttl.BlobPrefix + "/records/", cancellationToken))
            {
                if (MediaCatalog.ExpiryOf(record) is { } expires && expires <= now)
                {
                    var mediaId = record.Name[(record.Name.LastIndexOf('/') + 1)..];
                    await catalog.DeleteMediaAsync(new StoredMedia { Media = new() { MediaId = mediaId, TtlClass = ttl.Name } }, cancellationToken);
                    SweepLog.MediaExpired(logger, mediaId, ttl.Name);
                    deleted++;
                }
            }
        }

        await foreach (var manifest in store.ListAsync(MediaBlobNames.UploadsPrefix + "/", cancellationToken))
        {
            if (MediaCatalog.ExpiryOf(manifest) is { } expires && expires <= now)
            {
                deleted += await DeleteAbandonedUploadAsync(manifest.Name, cancellationToken) ? 1 : 0;
            }
        }

        // Entries written before entries carried an expiry have none: they stay.
        await foreach (var entry in store.ListAsync(IdempotencyIndex.Prefix, cancellationToken))
        {
            if (MediaCatalog.ExpiryOf(entry) is { } expires && expires <= now && await store.DeleteAsync(entry.Name, cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    private async Task<bool> DeleteAbandonedUploadAsync(string manifestName, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(manifestName, 0, null, cancellationToken);
            var manifest = UploadManifest.Parser.ParseFrom(stream);
            if (await catalog.FindMediaAsync(manifest.MediaId, cancellationToken) is null
                && catalog.FindTtl(manifest.TtlClass) is { } ttl)
            {
                // Staged bytes of an upload that never completed.
                await store.DeleteAsync(MediaBlobNames.Content(ttl, manifest.MediaId), cancellationToken);
            }

            await store.DeleteAsync(manifestName, cancellationToken);
            SweepLog.UploadAbandoned(logger, manifest.UploadId);
            return true;
        }
        catch (BlobNotFoundException)
        {
            return false;
        }
    }
}
