using Google.Protobuf.WellKnownTypes;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Stored;
using MediaGrpc.Storage;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// Turns an UploadStart into the upload it names: a new one (manifest written before
/// anything is acknowledged), or an existing one found by upload ID or idempotency
/// key, with its persisted offset rebuilt from the store's staged blocks, never from
/// a cache, so any replica can resume it, even after a restart.
/// </summary>
internal sealed class UploadStarter(
    MediaCatalog catalog,
    IdempotencyIndex idempotency,
    CompletedUploadRetention retention,
    IBlobStore store,
    IOptions<MediaOptions> options,
    TimeProvider timeProvider)
{
    private readonly MediaOptions _options = options.Value;

    public async Task<StartedUpload> StartAsync(UploadStart start, Caller caller, CancellationToken cancellationToken)
    {
        if (start.UploadId.Length > 0)
        {
            return await ResumeAsync(start.UploadId, caller, cancellationToken);
        }

        MediaSpecValidator.Validate(start.Media ?? new MediaSpec(), start.IdempotencyKey, _options);
        if (start.IdempotencyKey.Length > 0
            && await idempotency.FindUploadIdAsync(caller.Owner, start.IdempotencyKey, cancellationToken) is { } previous)
        {
            var manifest = await catalog.FindUploadAsync(previous, cancellationToken);
            if (manifest is not null && manifest.Owner == caller.Owner)
            {
                return await LoadAsync(manifest, cancellationToken);
            }
        }

        return await CreateAsync(start, caller, cancellationToken);
    }

    /// <summary>The persisted offset and completion of an upload the caller owns.</summary>
    public async Task<StartedUpload> ResumeAsync(string uploadId, Caller caller, CancellationToken cancellationToken)
    {
        if (!RandomId.IsWellFormed(uploadId))
        {
            throw MediaErrors.MalformedId("upload_id");
        }

        var manifest = await catalog.FindUploadAsync(uploadId, cancellationToken);
        if (manifest is null || manifest.Owner != caller.Owner)
        {
            // Another owner's upload is reported exactly like a missing one.
            throw MediaErrors.UploadNotFound(uploadId);
        }

        return await LoadAsync(manifest, cancellationToken);
    }

    private async Task<StartedUpload> CreateAsync(UploadStart start, Caller caller, CancellationToken cancellationToken)
    {
        var spec = start.Media ?? new MediaSpec();
        var ttl = catalog.FindTtl(spec.TtlClass)
            ?? throw MediaErrors.InvalidArgument($"ttl_class is not one of: {string.Join(", ", _options.TtlClasses.Select(t => t.Name))}.");
        var now = timeProvider.GetUtcNow();
        var manifest = new UploadManifest
        {
            UploadId = RandomId.New(),
            Owner = caller.Owner,
            MediaId = RandomId.New(),
            TtlClass = ttl.Name,
            Spec = spec,
            IdempotencyKey = start.IdempotencyKey,
            CreateTime = Timestamp.FromDateTimeOffset(now),
            ExpireTime = Timestamp.FromDateTimeOffset(now + _options.UploadExpiry),
        };
        await catalog.SaveUploadAsync(manifest, cancellationToken);
        if (start.IdempotencyKey.Length > 0)
        {
            await idempotency.RememberAsync(caller.Owner, start.IdempotencyKey, manifest.UploadId, manifest.ExpireTime.ToDateTimeOffset(), cancellationToken);
        }

        return new StartedUpload(manifest, ttl, PersistedOffset: 0, ContentCommitted: false, CompletedMedia: null);
    }

    private async Task<StartedUpload> LoadAsync(UploadManifest manifest, CancellationToken cancellationToken)
    {
        var ttl = catalog.FindTtl(manifest.TtlClass) ?? catalog.DefaultTtl;
        var completed = await catalog.FindMediaAsync(manifest.MediaId, cancellationToken);
        if (completed is not null)
        {
            await retention.KeepAsync(manifest, completed.Media, cancellationToken);
            return new StartedUpload(manifest, ttl, completed.Media.Size, ContentCommitted: true, completed.Media);
        }

        var content = MediaBlobNames.Content(ttl, manifest.MediaId);
        var blocks = await store.GetStagedBlocksAsync(content, cancellationToken);
        if (blocks.Count == 0 && await store.GetPropertiesAsync(content, cancellationToken) is { } committed)
        {
            // A finish committed the bytes but stopped before writing the record: every
            // byte is durable, and finishing again completes the upload.
            return new StartedUpload(manifest, ttl, committed.Length, ContentCommitted: true, CompletedMedia: null);
        }

        return new StartedUpload(manifest, ttl, StagedBlock.PersistedOffset(blocks), ContentCommitted: false, CompletedMedia: null);
    }
}

/// <summary>
/// An upload ready to take bytes (or already complete). ContentCommitted is true when
/// the bytes are already committed: a finish was interrupted before the record was written.
/// </summary>
internal sealed record StartedUpload(UploadManifest Manifest, TtlClass Ttl, long PersistedOffset, bool ContentCommitted, MediaRecord? CompletedMedia)
{
    public string ContentBlobName => MediaBlobNames.Content(Ttl, Manifest.MediaId);
}
