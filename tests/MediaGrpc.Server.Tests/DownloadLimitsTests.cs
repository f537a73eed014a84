using MediaGrpc.Testing;
using System.Diagnostics;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;
using Xunit.Abstractions;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// A server with small download limits (1 s pause, 256 KiB read-ahead window): pauses past
/// the limit, deadlines and slow readers end or stall the way the contract says, and the
/// server never holds more than its window for a stream.
/// </summary>
public sealed class DownloadLimitsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private const int Window = 256 * 1024;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() => _host = await MediaServerHost.StartOnLocalDiskAsync(configuration =>
    {
        configuration["Media:MaxPauseDuration"] = "00:00:01";
        configuration["Media:DownloadReadAheadBytes"] = Window.ToString(System.Globalization.CultureInfo.InvariantCulture);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Pause_past_the_limit_ends_the_download_with_deadline_exceeded_and_frees_it()
    {
        using var channel = _host.CreateChannel();
        var upload = await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(TestData.Bytes(2 * MiB, seed: 40)), new MediaSpec { DisplayName = "p" });
        using var meters = new DownloadMeterRecorder(_host);
        using var call = channel.DuplexStreaming(ContractMethods.Download);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = upload.Media.MediaId, ChunkSize = 64 * 1024 } }, default);

        // Started before the pause is asked for, so the server's 1 s cannot begin earlier
        // however late this client gets to read its Paused message on a busy machine.
        var sincePauseAsked = Stopwatch.StartNew();
        await call.RequestStream.WriteAsync(new DownloadRequest { Pause = new DownloadPause() }, default);
        while (await call.ResponseStream.MoveNext(default) && call.ResponseStream.Current.Paused is null)
        {
        }

        var error = await TestData.FailsWith(StatusCode.DeadlineExceeded, () => call.ResponseStream.MoveNext(default));

        Assert.InRange(sincePauseAsked.Elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(5));
        Assert.Contains("paused longer than", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(await meters.WaitForIdleAsync(TimeSpan.FromSeconds(2)));
        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Call_deadline_ends_a_download_with_deadline_exceeded_and_frees_it()
    {
        using var channel = _host.CreateChannel();
        var upload = await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(TestData.Bytes(2 * MiB, seed: 41)), new MediaSpec { DisplayName = "d" });
        using var meters = new DownloadMeterRecorder(_host);
        using var call = channel.DuplexStreaming(ContractMethods.Download, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(400)));
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = upload.Media.MediaId, ChunkSize = 64 * 1024 } }, default);
        await call.RequestStream.WriteAsync(new DownloadRequest { Pause = new DownloadPause() }, default);

        var error = await TestData.FailsWith(StatusCode.DeadlineExceeded, async () =>
        {
            while (await call.ResponseStream.MoveNext(default))
            {
            }
        });

        // The 400 ms deadline ended it, not the 1 s pause limit (which says so in its detail);
        // told apart by the status, not by a stopwatch a busy machine can stretch.
        Assert.DoesNotContain("paused longer than", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(await meters.WaitForIdleAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Sdk_timeout_fails_the_task_with_deadline_exceeded_and_keeps_no_completed_file()
    {
        var (channel, client) = _host.CreateClient();
        using var _ = channel;
        var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(MiB, seed: 42)), new MediaSpec { DisplayName = "t" });
        var folder = Directory.CreateTempSubdirectory("mediagrpc-dl-");
        try
        {
            var path = Path.Combine(folder.FullName, "t.bin");
            var task = client.CreateDownloader().DownloadToFile(upload.Media.MediaId, path, new MediaDownloadOptions { Timeout = TimeSpan.FromMilliseconds(400), ChunkSize = 64 * 1024 });
            task.Pause();

            await TestData.FailsWith(StatusCode.DeadlineExceeded, () => task.Completion);

            Assert.Equal(DownloadTaskState.Failed, task.State);
            Assert.False(File.Exists(path));

            // The kept .part resumes to a complete, verified file.
            var result = await client.CreateDownloader().DownloadToFile(upload.Media.MediaId, path);
            Assert.Equal(TestData.Bytes(MiB, seed: 42), await File.ReadAllBytesAsync(path));
            Assert.Equal(path, result.FilePath);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Client_that_stops_reading_for_10_s_keeps_the_server_within_its_read_ahead_window()
    {
        var content = TestData.Bytes(16 * MiB, seed: 43);
        string mediaId;
        using (var uploadChannel = _host.CreateChannel())
        {
            mediaId = (await new MediaGrpcClient(uploadChannel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "slow" })).Media.MediaId;
        }

        // The HTTP/2 default stream window (64 KiB), so the server feels the stall at once.
        using var channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { InitialHttp2StreamWindowSize = 65_535 } });
        using var meters = new DownloadMeterRecorder(_host);
        using var call = channel.DuplexStreaming(ContractMethods.Download);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = mediaId, ChunkSize = 64 * 1024 } }, default);
        var received = new MemoryStream();
        Assert.True(await call.ResponseStream.MoveNext(default));
        Assert.NotNull(call.ResponseStream.Current.Header);

        await Task.Delay(TimeSpan.FromSeconds(1));
        var sentAfter1s = meters.SentBytes;
        await Task.Delay(TimeSpan.FromSeconds(9));

        output.WriteLine($"stalled: {meters.SentBytes} bytes sent, {meters.BufferedBytes} buffered, peak {meters.PeakBufferedBytes} (window {Window})");
        Assert.Equal(sentAfter1s, meters.SentBytes);
        Assert.InRange(sentAfter1s, 0, 2 * MiB);
        Assert.InRange(meters.PeakBufferedBytes, 1, Window);
        Assert.Equal(1, meters.ActiveStreams);

        while (await call.ResponseStream.MoveNext(default))
        {
            var response = call.ResponseStream.Current;
            if (response.Chunk is { } chunk)
            {
                Assert.Equal(received.Length, chunk.Offset);
                received.Write(chunk.Data.Span);
            }
        }

        Assert.Equal(TestData.Sha256(content), TestData.Sha256(received.ToArray()));
        Assert.InRange(meters.PeakBufferedBytes, 1, Window);
        Assert.True(await meters.WaitForIdleAsync(TimeSpan.FromSeconds(2)));
    }
}
