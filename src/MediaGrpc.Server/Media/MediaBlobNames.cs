namespace MediaGrpc.Server.Media;

/// <summary>
/// Where things live in the blob store. Media sit under their TTL class's prefix, so a
/// lifecycle rule per prefix deletes them when their TTL ends; unfinished uploads sit
/// under <c>uploads/</c>. Every name is built from server-made IDs only.
/// <code>
/// ttl-{class}/media/{mediaId}     the media bytes (staged blocks while uploading)
/// ttl-{class}/records/{mediaId}   the media record (StoredMedia), written last
/// uploads/{uploadId}              the upload manifest (UploadManifest)
/// </code>
/// </summary>
internal static class MediaBlobNames
{
    public const string UploadsPrefix = "uploads";

    public static string Content(TtlClass ttl, string mediaId) => $"{ttl.BlobPrefix}/media/{mediaId}";

    public static string Record(TtlClass ttl, string mediaId) => $"{ttl.BlobPrefix}/records/{mediaId}";

    public static string Upload(string uploadId) => $"{UploadsPrefix}/{uploadId}";
}
