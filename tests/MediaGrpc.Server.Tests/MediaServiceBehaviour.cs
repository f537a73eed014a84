using MediaGrpc.Testing;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// What users of the service rely on, run against each blob store: uploads come back
/// byte-identical, resume from the persisted offset, refuse bad input with the
/// documented status, and never create a second media for a re-send.
/// </summary>
public abstract partial class MediaServiceBehaviour(IMediaServerFixture fixture)
{
    private MediaServerHost Host => fixture.Host;

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_of_20_MiB_downloads_byte_identical()
    {
        var content = TestData.Bytes(20 * 1024 * 1024, seed: 20);
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var spec = new MediaSpec { DisplayName = "clip.mp4", ContentType = "video/mp4", Kind = MediaKind.Video, DeclaredSize = content.Length };
            var upload = await client.UploadAsync(new MemoryStream(content), spec);
            Assert.Equal(content.Length, upload.Media.Size);
            Assert.Equal(TestData.Sha256(content), upload.Media.Sha256);

            using var downloaded = new MemoryStream();
            var result = await client.DownloadAsync(upload.Media.MediaId, downloaded);

            Assert.Equal(TestData.Sha256(content), TestData.Sha256(downloaded.ToArray()));
            Assert.Equal(content.Length, result.Header.Length);
            Assert.Equal(upload.Media.Etag, result.Header.Etag);
        }

        Assert.Empty(Host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Get_media_returns_the_record_of_a_completed_upload()
    {
        var content = TestData.Bytes(3000, seed: 2);
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var spec = new MediaSpec { DisplayName = "voice.ogg", ContentType = "audio/ogg", Kind = MediaKind.Voice, TtlClass = "1d" };
            spec.CustomMetadata["chat"] = "42";
            var upload = await client.UploadAsync(new MemoryStream(content), spec);

            var media = await client.GetMediaAsync(upload.Media.MediaId);

            Assert.Equal("voice.ogg", media.DisplayName);
            Assert.Equal(MediaKind.Voice, media.Kind);
            Assert.Equal(3000, media.Size);
            Assert.Equal("1d", media.TtlClass);
            Assert.Equal("42", media.CustomMetadata["chat"]);
            Assert.Equal(TimeSpan.FromDays(1), media.ExpireTime.ToDateTimeOffset() - media.CreateTime.ToDateTimeOffset());
            Assert.True(media.MediaId.Length >= 22);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Interrupted_upload_resumes_from_the_persisted_offset()
    {
        var content = TestData.Bytes(10 * 1024 * 1024, seed: 3);
        using var channel = Host.CreateChannel();
        var client = new MediaGrpcClient(channel);

        // Send 6 MiB, then cut the stream: the first 4 MiB block is persisted for sure.
        string uploadId;
        using (var call = channel.DuplexStreaming(ContractMethods.Upload))
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "big.bin" } } }, default);
            Assert.True(await call.ResponseStream.MoveNext(default));
            uploadId = call.ResponseStream.Current.Accepted.UploadId;
            for (var offset = 0; offset < 6 * 1024 * 1024; offset += 1024 * 1024)
            {
                var chunk = new UploadChunk { Offset = offset, Data = Google.Protobuf.ByteString.CopyFrom(content, offset, 1024 * 1024) };
                await call.RequestStream.WriteAsync(new UploadRequest { Chunk = chunk }, default);
            }

            Assert.True(await call.ResponseStream.MoveNext(default));
            Assert.Equal(4 * 1024 * 1024, call.ResponseStream.Current.Ack.PersistedOffset);
        }

        var status = await WaitForPersistedOffsetAsync(client, uploadId, minimum: 4 * 1024 * 1024);
        Assert.False(status.Complete);
        Assert.InRange(status.PersistedOffset, 4 * 1024 * 1024, 6 * 1024 * 1024);

        var result = await client.ResumeUploadAsync(uploadId, new MemoryStream(content));

        Assert.Equal(uploadId, result.UploadId);
        Assert.Equal(TestData.Sha256(content), result.Media.Sha256);
        using var downloaded = new MemoryStream();
        await client.DownloadAsync(result.Media.MediaId, downloaded);
        Assert.Equal(TestData.Sha256(content), TestData.Sha256(downloaded.ToArray()));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Chunk_beyond_the_persisted_offset_returns_out_of_range_with_the_persisted_offset()
    {
        using var channel = Host.CreateChannel();
        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "gap.bin" } } }, default);
        Assert.True(await call.ResponseStream.MoveNext(default));
        var uploadId = call.ResponseStream.Current.Accepted.UploadId;
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = Google.Protobuf.ByteString.CopyFrom(TestData.Bytes(100)) } }, default);
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 500, Data = Google.Protobuf.ByteString.CopyFrom(TestData.Bytes(100)) } }, default);

        var error = await TestData.FailsWith(StatusCode.OutOfRange, () => DrainAsync(call.ResponseStream));

        var mismatch = Assert.Single(error.Details()).ToAnyOf<OffsetMismatch>();
        Assert.Equal(100, mismatch.PersistedOffset);
        Assert.Equal(500, mismatch.RequestedOffset);
        var status = await new MediaGrpcClient(channel).GetUploadStatusAsync(uploadId);
        Assert.Equal(100, status.PersistedOffset);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Empty_upload_is_refused_with_invalid_argument()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            await TestData.FailsWith(StatusCode.InvalidArgument, () => client.UploadAsync(new MemoryStream(), new MediaSpec { DisplayName = "empty.txt" }));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Wrong_sha256_fails_the_finish_and_nothing_becomes_readable()
    {
        var content = TestData.Bytes(5000, seed: 5);
        using var channel = Host.CreateChannel();
        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        var spec = new MediaSpec { DisplayName = "x.bin", Sha256 = TestData.Sha256(TestData.Bytes(5000, seed: 6)) };
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = spec } }, default);
        Assert.True(await call.ResponseStream.MoveNext(default));
        var uploadId = call.ResponseStream.Current.Accepted.UploadId;
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = Google.Protobuf.ByteString.CopyFrom(content) } }, default);
        await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, default);

        var error = await TestData.FailsWith(StatusCode.FailedPrecondition, () => DrainAsync(call.ResponseStream));

        var mismatch = Assert.Single(error.Details()).ToAnyOf<ChecksumMismatch>();
        Assert.Equal("sha256", mismatch.Algorithm);
        Assert.Equal(TestData.Sha256(content), mismatch.Actual);
        var status = await new MediaGrpcClient(channel).GetUploadStatusAsync(uploadId);
        Assert.False(status.Complete);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Resend_with_the_same_idempotency_key_returns_the_same_media()
    {
        var content = TestData.Bytes(70_000, seed: 7);
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var key = "send-" + Guid.NewGuid();
            var first = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "a.png" }, idempotencyKey: key);
            var second = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "a.png" }, idempotencyKey: key);

            Assert.Equal(first.UploadId, second.UploadId);
            Assert.Equal(first.Media.MediaId, second.Media.MediaId);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task More_bytes_than_declared_are_refused()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var spec = new MediaSpec { DisplayName = "x", DeclaredSize = 1000 };
            var error = await TestData.FailsWith(StatusCode.InvalidArgument, () => client.UploadAsync(new MemoryStream(TestData.Bytes(1500)), spec));
            Assert.Equal(1000, Assert.Single(error.Details()).ToAnyOf<SizeMismatch>().DeclaredSize);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Unknown_media_is_not_found_and_a_malformed_id_is_invalid()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            await TestData.FailsWith(StatusCode.NotFound, () => client.GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));
            await TestData.FailsWith(StatusCode.InvalidArgument, () => client.GetMediaAsync("../../etc/passwd"));
            await TestData.FailsWith(StatusCode.NotFound, () => client.DownloadAsync("AAAAAAAAAAAAAAAAAAAAAA", new MemoryStream()));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Deleted_media_is_not_found()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(10)), new MediaSpec { DisplayName = "d" });
            await client.DeleteMediaAsync(upload.Media.MediaId);
            await TestData.FailsWith(StatusCode.NotFound, () => client.GetMediaAsync(upload.Media.MediaId));
        }
    }

    private static async Task<GetUploadStatusResponse> WaitForPersistedOffsetAsync(MediaGrpcClient client, string uploadId, long minimum)
    {
        // The server salvages buffered bytes after the cut; the persisted offset only grows.
        var status = await client.GetUploadStatusAsync(uploadId);
        for (var i = 0; i < 50 && status.PersistedOffset < minimum; i++)
        {
            await Task.Delay(100);
            status = await client.GetUploadStatusAsync(uploadId);
        }

        return status;
    }

    /// <summary>Reads past acks to the completion message.</summary>
    private static async Task<MediaRecord> ReadCompletedAsync(IAsyncStreamReader<UploadResponse> responses)
    {
        while (await responses.MoveNext(default))
        {
            if (responses.Current.Completed is { } completed)
            {
                return completed.Media;
            }
        }

        throw new InvalidOperationException("The upload ended without a completed message.");
    }

    private static async Task DrainAsync<T>(IAsyncStreamReader<T> reader)
    {
        while (await reader.MoveNext(default))
        {
        }
    }
}
