using MediaGrpc.Testing;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Server.Upload;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>Upload rules that keep bytes honest: checksums, one writer, limits.</summary>
public abstract partial class MediaServiceBehaviour
{
    [Fact(Timeout = TestData.Timeout)]
    public async Task Chunk_with_a_bad_crc32c_returns_data_loss_and_keeps_the_offset()
    {
        using var channel = Host.CreateChannel();
        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "crc.bin" } } }, default);
        Assert.True(await call.ResponseStream.MoveNext(default));
        var uploadId = call.ResponseStream.Current.Accepted.UploadId;
        var good = TestData.Bytes(1000, seed: 40);
        var bad = TestData.Bytes(1000, seed: 41);
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = ByteString.CopyFrom(good), Crc32C = Crc32C.Compute(good) } }, default);
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 1000, Data = ByteString.CopyFrom(bad), Crc32C = Crc32C.Compute(good) } }, default);

        var error = await TestData.FailsWith(StatusCode.DataLoss, () => DrainAsync(call.ResponseStream));

        var mismatch = Assert.Single(error.Details()).ToAnyOf<ChecksumMismatch>();
        Assert.Equal("crc32c", mismatch.Algorithm);
        Assert.Equal(1000, mismatch.Offset);
        var status = await new MediaGrpcClient(channel).GetUploadStatusAsync(uploadId);
        Assert.Equal(1000, status.PersistedOffset);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Second_concurrent_writer_of_an_upload_is_aborted()
    {
        using var channel = Host.CreateChannel();
        using var first = channel.DuplexStreaming(ContractMethods.Upload);
        await first.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "one-writer" } } }, default);
        Assert.True(await first.ResponseStream.MoveNext(default));
        var uploadId = first.ResponseStream.Current.Accepted.UploadId;

        using var second = channel.DuplexStreaming(ContractMethods.Upload);
        await second.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { UploadId = uploadId } }, default);

        await TestData.FailsWith(StatusCode.Aborted, () => DrainAsync(second.ResponseStream));
        await first.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = ByteString.CopyFrom(TestData.Bytes(10)) } }, default);
        await first.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, default);
        Assert.Equal(10, (await ReadCompletedAsync(first.ResponseStream)).Size);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Unknown_ttl_class_and_oversized_metadata_are_refused()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            await TestData.FailsWith(StatusCode.InvalidArgument, () =>
                client.UploadAsync(new MemoryStream(TestData.Bytes(10)), new MediaSpec { DisplayName = "x", TtlClass = "99y" }));

            var error = await TestData.FailsWith(StatusCode.ResourceExhausted, () =>
                client.UploadAsync(new MemoryStream(TestData.Bytes(10)), new MediaSpec { DisplayName = "x", Thumbnail = ByteString.CopyFrom(new byte[33 * 1024]) }));
            Assert.Equal("max_metadata_size", Assert.Single(error.Details()).ToAnyOf<LimitExceeded>().Limit);

            await TestData.FailsWith(StatusCode.InvalidArgument, () =>
                client.UploadAsync(new MemoryStream(TestData.Bytes(10)), new MediaSpec { DisplayName = "bad\u0007name" }));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Declared_size_over_the_maximum_is_refused_before_any_byte()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var spec = new MediaSpec { DisplayName = "huge", DeclaredSize = 201L * 1024 * 1024 };
            var error = await TestData.FailsWith(StatusCode.ResourceExhausted, () => client.UploadAsync(new MemoryStream(TestData.Bytes(10)), spec));
            Assert.Equal("max_media_size", Assert.Single(error.Details()).ToAnyOf<LimitExceeded>().Limit);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Resent_chunks_below_the_received_offset_are_skipped()
    {
        var content = TestData.Bytes(3000, seed: 42);
        using var channel = Host.CreateChannel();
        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "resend" } } }, default);
        Assert.True(await call.ResponseStream.MoveNext(default));
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = ByteString.CopyFrom(content, 0, 2000) } }, default);
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 1000, Data = ByteString.CopyFrom(content, 1000, 2000) } }, default);
        await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish { TotalSize = 3000 } }, default);

        var media = await ReadCompletedAsync(call.ResponseStream);
        Assert.Equal(3000, media.Size);
        Assert.Equal(TestData.Sha256(content), media.Sha256);
    }
}
