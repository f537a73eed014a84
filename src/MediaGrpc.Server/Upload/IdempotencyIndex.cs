using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MediaGrpc.Server.Media;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// Maps (owner, idempotency key) to the upload it started, so a re-sent start returns
/// the same upload instead of a second one. Stored as tiny blobs named by a hash of
/// owner and key, so neither client string becomes part of a storage name. Each entry
/// carries the expiry of what it leads to (the upload's, then the media's) in the same
/// metadata as records, so the sweep removes it once nothing it could return is left.
/// </summary>
internal sealed class IdempotencyIndex(IBlobStore store)
{
    /// <summary>Where the entries live.</summary>
    public const string Prefix = "idempotency/";

    public async Task<string?> FindUploadIdAsync(string owner, string key, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(BlobName(owner, key), 0, null, cancellationToken);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Records (or re-records, with a later expiry) the upload a key started.</summary>
    public Task RememberAsync(string owner, string key, string uploadId, DateTimeOffset expires, CancellationToken cancellationToken) =>
        store.PutAsync(
            BlobName(owner, key),
            Encoding.ASCII.GetBytes(uploadId),
            new BlobCommitOptions
            {
                ContentType = "text/plain",
                Metadata = new Dictionary<string, string> { [MediaCatalog.ExpiresMetadataKey] = MediaCatalog.FormatExpiry(expires) },
            },
            cancellationToken);

    internal static string BlobName(string owner, string key)
    {
        // Length-prefix the owner so ("ab", "c") and ("a", "bc") never collide.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{owner.Length}:{owner}:{key}"));
        return Prefix + Base64Url.EncodeToString(hash);
    }
}
