using MediaGrpc.Testing;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>Downloads: headers first, offsets, pause and resume, the simple Read stream.</summary>
public abstract partial class MediaServiceBehaviour
{
    [Fact(Timeout = TestData.Timeout)]
    public async Task Download_from_an_offset_returns_the_rest_of_the_media()
    {
        var content = TestData.Bytes(1_000_000, seed: 11);
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "part.bin" });
            using var rest = new MemoryStream();
            DownloadHeader? seen = null;

            var result = await client.DownloadAsync(upload.Media.MediaId, rest, readOffset: 400_000, onHeader: h => seen = h);

            Assert.NotNull(seen);
            Assert.Equal(400_000, seen.Offset);
            Assert.Equal(600_000, seen.Length);
            Assert.Equal(upload.Media.Sha256, seen.Sha256);
            Assert.Equal(600_000, result.BytesWritten);
            Assert.Equal(content.AsSpan(400_000).ToArray(), rest.ToArray());
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Download_past_the_end_returns_out_of_range()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(100)), new MediaSpec { DisplayName = "small" });
            await TestData.FailsWith(StatusCode.OutOfRange, () => client.DownloadAsync(upload.Media.MediaId, new MemoryStream(), readOffset: 101));
            await TestData.FailsWith(StatusCode.OutOfRange, () => client.DownloadAsync(upload.Media.MediaId, new MemoryStream(), readOffset: -1));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Paused_download_sends_nothing_until_resumed_then_continues_at_the_next_offset()
    {
        // Larger than the HTTP/2 window (16 MiB) plus the read-ahead (4 MiB): the server cannot finish
        // sending before it has read the pause, however late its control reader runs.
        var content = TestData.Bytes(32 * 1024 * 1024, seed: 12);
        using var channel = Host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "pause.bin" });

        using var call = channel.DuplexStreaming(ContractMethods.Download);
        var open = new DownloadOpen { MediaId = upload.Media.MediaId, ChunkSize = 64 * 1024 };
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = open }, default);
        await call.RequestStream.WriteAsync(new DownloadRequest { Pause = new DownloadPause() }, default);

        var received = new MemoryStream();
        DownloadPaused? paused = null;
        while (paused is null && await call.ResponseStream.MoveNext(default))
        {
            var response = call.ResponseStream.Current;
            if (response.Chunk is { } chunk)
            {
                Assert.Equal(received.Length, chunk.Offset);
                received.Write(chunk.Data.Span);
            }

            paused = response.Paused;
        }

        Assert.NotNull(paused);
        Assert.Equal(received.Length, paused.NextOffset);

        // While paused the next message can only come after the resume.
        var next = call.ResponseStream.MoveNext(default);
        await Task.Delay(300);
        Assert.False(next.IsCompleted);
        await call.RequestStream.WriteAsync(new DownloadRequest { Resume = new DownloadResume() }, default);
        Assert.True(await next);
        Assert.Equal(paused.NextOffset, call.ResponseStream.Current.Resumed.NextOffset);

        while (await call.ResponseStream.MoveNext(default))
        {
            var response = call.ResponseStream.Current;
            if (response.Chunk is { } chunk)
            {
                Assert.Equal(received.Length, chunk.Offset);
                received.Write(chunk.Data.Span);
            }
            else if (response.Completed is not null)
            {
                break;
            }
        }

        Assert.Equal(TestData.Sha256(content), TestData.Sha256(received.ToArray()));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Read_streams_the_requested_range()
    {
        var content = TestData.Bytes(700_000, seed: 13);
        using var channel = Host.CreateChannel();
        var upload = await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "r" });

        using var call = channel.ServerStreaming(ContractMethods.Read, new ReadRequest { MediaId = upload.Media.MediaId, ReadOffset = 1000, ReadLimit = 500_000 });
        var received = new MemoryStream();
        while (await call.ResponseStream.MoveNext(default))
        {
            Assert.Equal(1000 + received.Length, call.ResponseStream.Current.Offset);
            received.Write(call.ResponseStream.Current.Data.Span);
        }

        Assert.Equal(content.AsSpan(1000, 500_000).ToArray(), received.ToArray());
    }
}
