using MediaGrpc.Testing;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Upload;
using MediaGrpc.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>Safe re-send: a lost completion never turns into a second media.</summary>
public abstract partial class MediaServiceBehaviour
{
    [Fact(Timeout = TestData.Timeout)]
    public async Task Resend_after_a_lost_completion_returns_the_same_media_and_stores_one_blob()
    {
        // This test alone uses the 30d class, so the blobs under its prefix are its own.
        var store = Host.Services.GetRequiredService<IBlobStore>();
        var before = await CountAsync(store, "ttl-30d/media/");
        var content = TestData.Bytes(9000, seed: 60);
        var key = "lost-" + Guid.NewGuid();
        var spec = new MediaSpec { DisplayName = "once.jpg", TtlClass = "30d" };

        using var channel = Host.CreateChannel();
        using (var call = channel.DuplexStreaming(ContractMethods.Upload))
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = spec, IdempotencyKey = key } }, default);
            Assert.True(await call.ResponseStream.MoveNext(default));
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = 0, Data = ByteString.CopyFrom(content) } }, default);
            await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, default);
            await call.RequestStream.CompleteAsync();

            // The completion is never read: as if the connection broke before it arrived.
        }

        var resent = await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), spec, idempotencyKey: key);
        var again = await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), spec, idempotencyKey: key);

        Assert.Equal(resent.Media.MediaId, again.Media.MediaId);
        Assert.Equal(TestData.Sha256(content), resent.Media.Sha256);
        Assert.Equal(before + 1, await CountAsync(store, "ttl-30d/media/"));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Resend_days_after_the_upload_expiry_returns_the_same_media_while_it_lives()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var content = TestData.Bytes(7000, seed: 61);
            var key = "later-" + Guid.NewGuid();
            var spec = new MediaSpec { DisplayName = "later.bin", TtlClass = "30d" };
            var first = await client.UploadAsync(new MemoryStream(content), spec, idempotencyKey: key);

            // Past the one-day upload expiry, a sweep in between, the media still valid.
            fixture.Clock.Advance(TimeSpan.FromDays(3));
            await Host.Services.GetRequiredService<ExpiredMediaSweeper>().SweepOnceAsync(default);
            var resent = await client.UploadAsync(new MemoryStream(content), spec, idempotencyKey: key);

            Assert.Equal(first.Media.MediaId, resent.Media.MediaId);
            Assert.Equal(first.UploadId, resent.UploadId);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Sweep_deletes_the_idempotency_entry_once_its_media_expired()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var key = "gone-" + Guid.NewGuid();
            await client.UploadAsync(new MemoryStream(TestData.Bytes(3000, seed: 62)), new MediaSpec { DisplayName = "gone", TtlClass = "1d" }, idempotencyKey: key);
            var store = Host.Services.GetRequiredService<IBlobStore>();
            var entry = IdempotencyIndex.BlobName(new ApiKeyOptions().LocalOwner, key);
            Assert.NotNull(await store.GetPropertiesAsync(entry, default));

            fixture.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
            await Host.Services.GetRequiredService<ExpiredMediaSweeper>().SweepOnceAsync(default);

            Assert.Null(await store.GetPropertiesAsync(entry, default));
        }
    }

    private static async Task<int> CountAsync(IBlobStore store, string prefix)
    {
        var count = 0;
        await foreach (var blob in store.ListAsync(prefix, default))
        {
            count++;
        }

        return count;
    }
}
