using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
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
