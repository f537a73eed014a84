using MediaGrpc.Testing;
using System.Security.Cryptography;
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

/// <summary>
/// Downloads that stop and continue: etag preconditions, breakpoint resume through the
/// client SDK, pause and cancel, and what the server still holds afterwards.
/// </summary>
public abstract partial class MediaServiceBehaviour
{
    private const int MiB = 1024 * 1024;

    [Fact(Timeout = TestData.Timeout)]
    public async Task Download_under_a_stale_etag_fails_with_failed_precondition_before_the_header()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(5000, seed: 30)), new MediaSpec { DisplayName = "e" });
            using var call = channel.DuplexStreaming(ContractMethods.Download);
            var open = new DownloadOpen { MediaId = upload.Media.MediaId, ReadOffset = 100, IfMatchEtag = "\"not-the-etag\"" };
            await call.RequestStream.WriteAsync(new DownloadRequest { Open = open }, default);

            var error = await TestData.FailsWith(StatusCode.FailedPrecondition, () => call.ResponseStream.MoveNext(default));

            Assert.Contains(upload.Media.MediaId, error.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Deleted_media_is_failed_precondition_under_its_etag_and_not_found_without()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(5000, seed: 31)), new MediaSpec { DisplayName = "gone" });
            await client.DeleteMediaAsync(upload.Media.MediaId);

            await TestData.FailsWith(StatusCode.FailedPrecondition, () => DownloadRawAsync(channel, new DownloadOpen { MediaId = upload.Media.MediaId, IfMatchEtag = upload.Media.Etag }));
            await TestData.FailsWith(StatusCode.NotFound, () => DownloadRawAsync(channel, new DownloadOpen { MediaId = upload.Media.MediaId }));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Media_replaced_during_a_pause_fails_the_resumed_download_with_failed_precondition()
    {
        var content = TestData.Bytes(4 * MiB, seed: 32);
        using var channel = Host.CreateChannel();
        var upload = await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "changing.bin" });

        using var call = channel.DuplexStreaming(ContractMethods.Download);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = upload.Media.MediaId, ChunkSize = 64 * 1024 } }, default);
        await call.RequestStream.WriteAsync(new DownloadRequest { Pause = new DownloadPause() }, default);
        while (await call.ResponseStream.MoveNext(default) && call.ResponseStream.Current.Paused is null)
        {
        }

        // Replace the bytes under the server, as a second writer of the same blob would.
        var catalog = Host.Services.GetRequiredService<MediaCatalog>();
        var store = Host.Services.GetRequiredService<IBlobStore>();
        await store.PutAsync(MediaBlobNames.Content(catalog.DefaultTtl, upload.Media.MediaId), TestData.Bytes(4 * MiB, seed: 33), new BlobCommitOptions(), default);
        await call.RequestStream.WriteAsync(new DownloadRequest { Resume = new DownloadResume() }, default);

        await TestData.FailsWith(StatusCode.FailedPrecondition, () => DrainAsync(call.ResponseStream));
    }

    [Fact(Timeout = 120_000)]
    public async Task Download_of_64_MiB_interrupted_at_20_random_points_resumes_each_time_and_ends_sha256_identical()
    {
        const int size = 64 * MiB;
        var content = TestData.Bytes(size, seed: 34);
        var (channel, client) = Host.CreateClient();
        using var _ = channel;
        var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "big.mp4" });
        var downloader = client.CreateDownloader();
        using var meters = new DownloadMeterRecorder(Host);
        var folder = Directory.CreateTempSubdirectory("mediagrpc-dl-");
        try
        {
            var path = Path.Combine(folder.FullName, "big.mp4");
            var random = new Random(34);
            var points = new SortedSet<long>();
            while (points.Count < 20)
            {
                points.Add(random.NextInt64(MiB / 2, size - (MiB / 2)));
            }

            long held = 0;
            foreach (var point in points)
            {
                DownloadTask? task = null;
                DownloadHeader? header = null;
                var options = new MediaDownloadOptions
                {
                    ChunkSize = 128 * 1024,
                    OnHeader = h => header = h,
                    Progress = new SyncProgress<DownloadProgress>(p =>
                    {
                        if (p.BytesReceived >= point)
                        {
                            Volatile.Read(ref task)?.Cancel();
                        }
                    }),
                };
                Volatile.Write(ref task, downloader.DownloadToFile(upload.Media.MediaId, path, options));

                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.Completion);

                Assert.Equal(DownloadTaskState.Cancelled, task.State);
                Assert.Equal(held, header!.Offset);
                Assert.False(File.Exists(path));
                held = new FileInfo(path + ".part").Length;
                Assert.InRange(held, point, size - 1);
                Assert.True(await meters.WaitForIdleAsync(TimeSpan.FromSeconds(2)), "the cancelled stream still runs on the server");
            }

            var result = await downloader.DownloadToFile(upload.Media.MediaId, path);

            Assert.Equal(held, result.ResumedFrom);
            Assert.Equal(path, result.FilePath);
            Assert.False(File.Exists(path + ".part"));
            await using var file = File.OpenRead(path);
            Assert.Equal(TestData.Sha256(content), ByteString.CopyFrom(await SHA256.HashDataAsync(file)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        Assert.Empty(Host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Part_file_of_another_version_is_discarded_and_the_download_starts_over()
    {
        var content = TestData.Bytes(300_000, seed: 35);
        var (channel, client) = Host.CreateClient();
        using var _ = channel;
        var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "v.bin" });
        var folder = Directory.CreateTempSubdirectory("mediagrpc-dl-");
        try
        {
            var path = Path.Combine(folder.FullName, "v.bin");
            await File.WriteAllBytesAsync(path + ".part", TestData.Bytes(1000, seed: 99));
            await File.WriteAllTextAsync(path + ".part.etag", "\"an-old-version\"");

            var result = await client.CreateDownloader().DownloadToFile(upload.Media.MediaId, path);

            Assert.Equal(0, result.ResumedFrom);
            Assert.Equal(content, await File.ReadAllBytesAsync(path));
            Assert.False(File.Exists(path + ".part"));
            Assert.False(File.Exists(path + ".part.etag"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Download_to_memory_sends_the_header_before_any_progress_and_verifies_the_bytes()
    {
        var content = TestData.Bytes(3 * MiB, seed: 36);
        var (channel, client) = Host.CreateClient();
        using var _ = channel;
        var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "photo.jpg", ContentType = "image/jpeg" });
        var events = new List<string>();
        var options = new MediaDownloadOptions
        {
            OnHeader = h => events.Add($"header {h.Media.ContentType} {h.Length}"),
            Progress = new SyncProgress<DownloadProgress>(p => events.Add($"progress {p.BytesReceived}/{p.TotalBytes}")),
        };

        var result = await client.CreateDownloader().DownloadToMemory(upload.Media.MediaId, options);

        Assert.Equal(content, result.Content.ToArray());
        Assert.Equal($"header image/jpeg {content.Length}", events[0]);
        Assert.Equal($"progress {content.Length}/{content.Length}", events[^1]);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Paused_download_for_3_s_holds_no_buffer_then_resumes_at_the_right_offset()
    {
        var content = TestData.Bytes(16 * MiB, seed: 37);
        var (channel, client) = Host.CreateClient();
        using var _ = channel;
        var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "p.bin" });
        using var meters = new DownloadMeterRecorder(Host);

        var task = client.CreateDownloader().DownloadToMemory(upload.Media.MediaId, new MediaDownloadOptions { ChunkSize = 64 * 1024 });
        task.Pause();
        await WaitUntilAsync(() => task.State == DownloadTaskState.Paused);
        var heldAtPause = task.BytesReceived;
        Assert.InRange(heldAtPause, 0, content.Length - 1);

        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(heldAtPause, task.BytesReceived);
        Assert.Equal(1, meters.ActiveStreams);
        Assert.Equal(0, meters.BufferedBytes);
        task.Resume();
        var result = await task;

        Assert.Equal(content, result.Content.ToArray());
        Assert.True(await meters.WaitForIdleAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Cancel_mid_download_frees_the_stream_and_every_buffer_on_the_server()
    {
        var content = TestData.Bytes(40 * MiB, seed: 38);
        using var channel = Host.CreateChannel();
        var upload = await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "c.bin" });
        using var meters = new DownloadMeterRecorder(Host);

        // Read a few chunks, then stop reading: the server fills the HTTP/2 window and waits.
        var call = channel.DuplexStreaming(ContractMethods.Download);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = upload.Media.MediaId } }, default);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(default));
        }

        await WaitUntilAsync(() => meters.BufferedBytes > 0);
        Assert.Equal(1, meters.ActiveStreams);

        call.Dispose();

        Assert.True(await meters.WaitForIdleAsync(TimeSpan.FromSeconds(2)), $"active {meters.ActiveStreams}, buffered {meters.BufferedBytes}");
        Assert.Empty(Host.LoggedErrors);
    }

    private static async Task DownloadRawAsync(GrpcChannel channel, DownloadOpen open)
    {
        using var call = channel.DuplexStreaming(ContractMethods.Download);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = open }, default);
        await call.RequestStream.CompleteAsync();
        await DrainAsync(call.ResponseStream);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10);
        }
    }
}
