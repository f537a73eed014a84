using System.Globalization;
using Google.Protobuf;
using MediaGrpc.Server.Stored;
using MediaGrpc.Storage;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Media;

/// <summary>
/// Upload manifests and media records, kept as small protobuf blobs beside the media in
/// the same store, so a replica needs nothing but the store to resume an upload or
/// serve a media. A media is visible only once its record exists and until it expires.
/// </summary>
internal sealed class MediaCatalog(IBlobStore store, IOptions<MediaOptions> options, TimeProvider timeProvider)
{
    private const string ProtobufContentType = "application/x-protobuf";

    private readonly MediaOptions _options = options.Value;

    public TtlClass DefaultTtl => _options.TtlClasses[0];

    /// <summary>The class named <paramref name="name"/> ("" for the default), or null when not configured.</summary>
    public TtlClass? FindTtl(string name)
    {
        if (name.Length == 0)
        {
            return DefaultTtl;
        }

        foreach (var ttl in _options.TtlClasses)
        {
            if (ttl.Name == name)
            {
                return ttl;
            }
        }

        return null;
    }

    /// <summary>Blob metadata key holding a record's expiry (Unix seconds), so sweeps need not read records.</summary>
    public const string ExpiresMetadataKey = "expires";

    public Task SaveUploadAsync(UploadManifest manifest, CancellationToken cancellationToken) =>
        PutAsync(MediaBlobNames.Upload(manifest.UploadId), manifest, manifest.ExpireTime.ToDateTimeOffset(), cancellationToken);

    /// <summary>The manifest of an upload, or null when unknown or abandoned past its expiry.</summary>
    public async Task<UploadManifest?> FindUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        var manifest = await ReadAsync(MediaBlobNames.Upload(uploadId), UploadManifest.Parser, cancellationToken);
        return manifest is not null && manifest.ExpireTime.ToDateTimeOffset() > timeProvider.GetUtcNow() ? manifest : null;
    }

    public Task DeleteUploadAsync(string uploadId, CancellationToken cancellationToken) =>
        store.DeleteAsync(MediaBlobNames.Upload(uploadId), cancellationToken);

    public async Task SaveMediaAsync(StoredMedia media, CancellationToken cancellationToken)
    {
        var ttl = FindTtl(media.Media.TtlClass) ?? throw new InvalidOperationException($"Unknown TTL class '{media.Media.TtlClass}'.");
        await PutAsync(MediaBlobNames.Record(ttl, media.Media.MediaId), media, media.Media.ExpireTime.ToDateTimeOffset(), cancellationToken);
    }

    /// <summary>
    /// The media's record, or null when it is unknown, deleted or expired. The TTL class
    /// is not part of the ID, so each configured class is looked in; there are few.
    /// </summary>
    public async Task<StoredMedia?> FindMediaAsync(string mediaId, CancellationToken cancellationToken)
    {
        foreach (var ttl in _options.TtlClasses)
        {
            var media = await ReadAsync(MediaBlobNames.Record(ttl, mediaId), StoredMedia.Parser, cancellationToken);
            if (media is not null)
            {
                return media.Media.ExpireTime.ToDateTimeOffset() > timeProvider.GetUtcNow() ? media : null;
            }
        }

        return null;
    }

    /// <summary>Deletes the record first, so the media stops being visible before its bytes go.</summary>
    public async Task DeleteMediaAsync(StoredMedia media, CancellationToken cancellationToken)
    {
        var ttl = FindTtl(media.Media.TtlClass) ?? DefaultTtl;
        await store.DeleteAsync(MediaBlobNames.Record(ttl, media.Media.MediaId), cancellationToken);
        await store.DeleteAsync(MediaBlobNames.Content(ttl, media.Media.MediaId), cancellationToken);
    }

    /// <summary>An expiry as <see cref="ExpiresMetadataKey"/> holds it: Unix seconds.</summary>
    public static string FormatExpiry(DateTimeOffset expires) => expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The expiry a record was saved with; null when it carries none.</summary>
    public static DateTimeOffset? ExpiryOf(BlobProperties record) =>
        record.Metadata.TryGetValue(ExpiresMetadataKey, out var value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private Task<BlobProperties> PutAsync(string blobName, IMessage message, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var options = new BlobCommitOptions
        {
            ContentType = ProtobufContentType,
            Metadata = new Dictionary<string, string>
            {
                [ExpiresMetadataKey] = FormatExpiry(expires),
            },
        };
        return store.PutAsync(blobName, message.ToByteArray(), options, cancellationToken);
    }

    private async Task<T?> ReadAsync<T>(string blobName, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        try
        {
            await using var stream = await store.OpenReadAsync(blobName, 0, null, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return parser.ParseFrom(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (BlobNotFoundException)
        {
            return null;
        }
    }
}
