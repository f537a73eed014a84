using MediaGrpc.Testing;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Server.Media;
using MediaGrpc.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>TTLs: an expired media ID is NOT_FOUND everywhere, and the sweep deletes its bytes.</summary>
public abstract partial class MediaServiceBehaviour
{
    [Fact(Timeout = TestData.Timeout)]
    public async Task Expired_media_is_not_found_everywhere_and_the_sweep_deletes_it()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(5000, seed: 50)), new MediaSpec { DisplayName = "short", TtlClass = "1d" });
            var mediaId = upload.Media.MediaId;
            await client.GetMediaAsync(mediaId);

            fixture.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

            await TestData.FailsWith(StatusCode.NotFound, () => client.GetMediaAsync(mediaId));
            await TestData.FailsWith(StatusCode.NotFound, () => client.DownloadAsync(mediaId, new MemoryStream()));
            using var read = channel.ServerStreaming(ContractMethods.Read, new ReadRequest { MediaId = mediaId });
            await TestData.FailsWith(StatusCode.NotFound, () => DrainAsync(read.ResponseStream));

            await Host.Services.GetRequiredService<ExpiredMediaSweeper>().SweepOnceAsync(default);

            var store = Host.Services.GetRequiredService<IBlobStore>();
            Assert.Null(await store.GetPropertiesAsync($"ttl-1d/media/{mediaId}", default));
            Assert.Null(await store.GetPropertiesAsync($"ttl-1d/records/{mediaId}", default));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Abandoned_upload_expires_and_the_sweep_deletes_its_staged_bytes()
    {
        using var channel = Host.CreateChannel();
        string uploadId;
        using (var call = channel.DuplexStreaming(ContractMethods.Upload))
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "left" } } }, default);
            Assert.True(await call.ResponseStream.MoveNext(default));
            uploadId = call.ResponseStream.Current.Accepted.UploadId;
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = ByteString.CopyFrom(TestData.Bytes(100)) } }, default);
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(default));
            Assert.Equal(100, call.ResponseStream.Current.Ack.PersistedOffset);
        }

        var client = new MediaGrpcClient(channel);
        Assert.Equal(100, (await client.GetUploadStatusAsync(uploadId)).PersistedOffset);

        fixture.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        await TestData.FailsWith(StatusCode.NotFound, () => client.GetUploadStatusAsync(uploadId));
        await Host.Services.GetRequiredService<ExpiredMediaSweeper>().SweepOnceAsync(default);
        var store = Host.Services.GetRequiredService<IBlobStore>();
        Assert.Null(await store.GetPropertiesAsync($"uploads/{uploadId}", default));
    }
}
