using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Stored;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Media;

/// <summary>
/// Looks up a media for a caller who wants to read it, applying the read rules in one
/// place: well-formed ID, not expired, and (when restricted) owned by the caller.
/// </summary>
internal sealed class MediaReader(MediaCatalog catalog, IOptions<MediaOptions> options)
{
    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT or NOT_FOUND.</exception>
    public async Task<StoredMedia> FindReadableAsync(string mediaId, Caller caller, CancellationToken cancellationToken)
    {
        if (!RandomId.IsWellFormed(mediaId))
        {
            throw MediaErrors.MalformedId("media_id");
        }

        var media = await catalog.FindMediaAsync(mediaId, cancellationToken);
        if (media is null || (options.Value.RestrictReadsToOwner && media.Owner != caller.Owner))
        {
            throw MediaErrors.MediaNotFound(mediaId);
        }

        return media;
    }
}
