using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Stored;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// Rule: a completed upload stays findable — by upload ID and by idempotency key — for as
/// long as its media lives, not only for the upload expiry (a day by default), so a start
/// re-sent days later still returns the same media instead of making a second one. Applied
/// right after the media record is written, and again whenever a completed upload is loaded
/// (which repairs a crash between the two writes).
/// </summary>
internal sealed class CompletedUploadRetention(MediaCatalog catalog, IdempotencyIndex idempotency)
{
    public async Task KeepAsync(UploadManifest manifest, MediaRecord media, CancellationToken cancellationToken)
    {
        if (manifest.ExpireTime is not null && manifest.ExpireTime.ToDateTimeOffset() >= media.ExpireTime.ToDateTimeOffset())
        {
            return;
        }

        manifest.ExpireTime = media.ExpireTime;
        await catalog.SaveUploadAsync(manifest, cancellationToken);
        if (manifest.IdempotencyKey.Length > 0)
        {
            await idempotency.RememberAsync(manifest.Owner, manifest.IdempotencyKey, manifest.UploadId, media.ExpireTime.ToDateTimeOffset(), cancellationToken);
        }
    }
}
