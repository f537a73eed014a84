using System.Buffers;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Stored;
using MediaGrpc.Server.Telemetry;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// Finishes an upload. Rules it enforces: nothing becomes readable unless the size and
/// SHA-256 checks pass; the record is written last, so a crash at any point leaves the
/// upload resumable and a second finish returns the same media.
/// </summary>
internal sealed class UploadCommitter(IBlobStore store, MediaCatalog catalog, CompletedUploadRetention retention, TimeProvider timeProvider, ServerTracing tracing)
{
    private const string DefaultContentType = "application/octet-stream";

    public async Task<MediaRecord> CommitAsync(StartedUpload upload, BlockWriter writer, UploadFinish finish, CancellationToken cancellationToken)
    {
        using var span = tracing.Source.StartActivity("upload commit");
        span?.SetTag(ServerTracing.UploadIdTag, upload.Manifest.UploadId);
        span?.SetTag(ServerTracing.MediaIdTag, upload.Manifest.MediaId);
        try
        {
            return await CommitCoreAsync(upload, writer, finish, cancellationToken);
        }
        catch (Exception e) when (ServerTracing.Failed(span, e))
        {
            throw;
        }
    }

    private async Task<MediaRecord> CommitCoreAsync(StartedUpload upload, BlockWriter writer, UploadFinish finish, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken);
        var spec = upload.Manifest.Spec;
        var size = writer.PersistedOffset;
        if (size == 0)
        {
            throw MediaErrors.InvalidArgument("The upload holds no bytes: empty media are not accepted.");
        }

        CheckSize(spec.HasDeclaredSize ? spec.DeclaredSize : null, size);
        CheckSize(finish.HasTotalSize ? finish.TotalSize : null, size);
        var expected = ExpectedSha256(spec, finish);

        byte[]? actual = null;
        if (writer.HasHash)
        {
            actual = writer.GetHash();
            CheckSha256(expected, actual);
        }

        var declaredType = spec.ContentType.Length > 0 ? spec.ContentType : DefaultContentType;
        var blob = upload.ContentCommitted && writer.PersistedOffset == upload.PersistedOffset
            ? await store.GetPropertiesAsync(upload.ContentBlobName, cancellationToken)
                ?? throw new InvalidOperationException($"Committed content of upload {upload.Manifest.UploadId} vanished.")
            : await store.CommitAsync(upload.ContentBlobName, new BlobCommitOptions { ContentType = declaredType }, cancellationToken);

        // One read of the committed bytes: the header for sniffing, and, when a resumed
        // upload's earlier bytes went by in another stream, the SHA-256 of all of them.
        var (header, storedHash) = await ScanAsync(upload.ContentBlobName, size, hashAll: actual is null, cancellationToken);
        if (actual is null)
        {
            actual = storedHash!;
            if (expected is not null && !CryptographicOperations.FixedTimeEquals(expected, actual))
            {
                // No record is written, so the bytes never become readable; drop them.
                await store.DeleteAsync(upload.ContentBlobName, CancellationToken.None);
                throw MediaErrors.Sha256Mismatch(ByteString.CopyFrom(expected), ByteString.CopyFrom(actual));
            }
        }

        var sniffed = ContentSniffer.Sniff(header);
        uint width = 0, height = 0;
        if (sniffed is not null)
        {
            // Only bytes that proved their format are parsed for dimensions.
            ImageDimensions.TryRead(sniffed, header, out width, out height);
        }

        var contentType = sniffed ?? declaredType;
        var now = timeProvider.GetUtcNow();
        var record = new MediaRecord
        {
            MediaId = upload.Manifest.MediaId,
            Kind = spec.Kind == MediaKind.Unspecified ? MediaKind.File : spec.Kind,
            DisplayName = spec.DisplayName,
            ContentType = contentType,
            DeclaredContentType = spec.ContentType,
            Size = size,
            Sha256 = ByteString.CopyFrom(actual),
            Width = spec.HasWidth ? spec.Width : width,
            Height = spec.HasHeight ? spec.Height : height,
            Thumbnail = spec.Thumbnail,
            TtlClass = upload.Ttl.Name,
            CreateTime = Timestamp.FromDateTimeOffset(now),
            ExpireTime = Timestamp.FromDateTimeOffset(now.AddDays(upload.Ttl.Days)),
            Etag = blob.ETag,
        };
        record.CustomMetadata.Add(spec.CustomMetadata);
        await catalog.SaveMediaAsync(
            new StoredMedia { Media = record, Owner = upload.Manifest.Owner, UploadId = upload.Manifest.UploadId },
            cancellationToken);
        await retention.KeepAsync(upload.Manifest, record, cancellationToken);
        return record;
    }

    private static void CheckSize(long? declared, long actual)
    {
        if (declared is { } size && size != actual)
        {
            throw MediaErrors.SizeMismatch(size, actual);
        }
    }

    private static byte[]? ExpectedSha256(MediaSpec spec, UploadFinish finish)
    {
        if (!finish.Sha256.IsEmpty && finish.Sha256.Length != 32)
        {
            throw MediaErrors.InvalidArgument($"finish.sha256 must be 32 bytes, not {finish.Sha256.Length}.");
        }

        if (!spec.Sha256.IsEmpty && !finish.Sha256.IsEmpty && spec.Sha256 != finish.Sha256)
        {
            throw MediaErrors.InvalidArgument("The sha256 at finish differs from the one given at start.");
        }

        var expected = finish.Sha256.IsEmpty ? spec.Sha256 : finish.Sha256;
        return expected.IsEmpty ? null : expected.ToByteArray();
    }

    private static void CheckSha256(byte[]? expected, byte[] actual)
    {
        if (expected is not null && !CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            throw MediaErrors.Sha256Mismatch(ByteString.CopyFrom(expected), ByteString.CopyFrom(actual));
        }
    }

    /// <summary>
    /// Reads the leading bytes that sniffing and image dimensions look at and, with
    /// <paramref name="hashAll"/>, goes on to the end to hash every byte.
    /// </summary>
    private async Task<(byte[] Header, byte[]? Sha256)> ScanAsync(string blobName, long size, bool hashAll, CancellationToken cancellationToken)
    {
        var headerLength = (int)Math.Min(size, ContentSniffer.HeaderLength);
        var header = new byte[headerLength];
        await using var stream = await store.OpenReadAsync(blobName, 0, hashAll ? null : headerLength, cancellationToken);
        var read = await stream.ReadAtLeastAsync(header, headerLength, throwOnEndOfStream: false, cancellationToken);
        if (read < headerLength)
        {
            header = header[..read];
        }

        if (!hashAll)
        {
            return (header, null);
        }

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(header);
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            int count;
            while ((count = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha256.AppendData(buffer, 0, count);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (header, sha256.GetHashAndReset());
    }
}
