using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// Maps (owner, idempotency key) to the upload it started, so a re-sent start returns
/// the same upload instead of a second one. Stored as tiny blobs named by a hash of
/// owner and key, so neither client string becomes part of a storage name.
/// </summary>
internal sealed class IdempotencyIndex(IBlobStore store)
{
    private const string Prefix = "idempotency/";

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

    public Task RememberAsync(string owner, string key, string uploadId, CancellationToken cancellationToken) =>
        store.PutAsync(BlobName(owner, key), Encoding.ASCII.GetBytes(uploadId), new BlobCommitOptions { ContentType = "text/plain" }, cancellationToken);

    private static string BlobName(string owner, string key)
    {
        // Length-prefix the owner so ("ab", "c") and ("a", "bc") never collide.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{owner.Length}:{owner}:{key}"));
        return Prefix + Base64Url.EncodeToString(hash);
    }
}
