using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// <c>Grpc:StreamIdleTimeout</c> ends a stream whose client stops sending what the call is
/// waiting for: an upload's chunks, a download's open. After its open a download's client has
/// nothing to send but pause and resume, so its silence then is not idleness: a download that
/// outlasts the limit, or a pause that does (bounded by <c>Media:MaxPauseDuration</c>), goes on.
/// </summary>
public sealed class StreamIdleLimitTests : IAsyncLifetime
{
    private static readonly TimeSpan s_idle = TimeSpan.FromMilliseconds(300);
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await MediaServerHost.StartOnLocalDiskAsync(configuration => configuration["Grpc:StreamIdleTimeout"] = s_idle.ToString());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Download_read_slowly_for_longer_than_the_idle_limit_completes()
    {
        var content = TestData.Bytes(2 * 1024 * 1024, seed: 95);
        using var channel = _host.CreateChannel();
        var media = (await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "slow.bin" })).Media;

        using var call = channel.DuplexStreaming(ContractMethods.Download);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = media.MediaId, ChunkSize = 64 * 1024 } });
        var received = new MemoryStream();
        var started = DateTime.UtcNow;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.Chunk is { } chunk)
            {
                chunk.Data.WriteTo(received);
                await Task.Delay(40);
            }
            else if (call.ResponseStream.Current.Completed is not null)
            {
                await call.RequestStream.CompleteAsync();
            }
        }

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal(content, received.ToArray());
        Assert.True(DateTime.UtcNow - started > 2 * s_idle, "The download should outlast the idle limit.");
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Download_paused_for_longer_than_the_idle_limit_resumes_and_completes()
    {
        // Larger than the stream window and read-ahead together, so the pause lands mid-way.
        var content = TestData.Bytes(24 * 1024 * 1024, seed: 96);
        using var channel = _host.CreateChannel();
        var media = (await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "paused.bin" })).Media;

        using var call = channel.DuplexStreaming(ContractMethods.Download);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = media.MediaId, ChunkSize = 64 * 1024 } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.WriteAsync(new DownloadRequest { Pause = new DownloadPause() });
        var received = new MemoryStream();
        var paused = false;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var response = call.ResponseStream.Current;
            if (response.Chunk is { } chunk)
            {
                chunk.Data.WriteTo(received);
            }
            else if (response.Paused is not null && !paused)
            {
                paused = true;
                await Task.Delay(3 * s_idle);
                await call.RequestStream.WriteAsync(new DownloadRequest { Resume = new DownloadResume() });
            }
            else if (response.Completed is not null)
            {
                await call.RequestStream.CompleteAsync();
            }
        }

        Assert.True(paused, "The server should have confirmed the pause.");
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal(content, received.ToArray());
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_whose_client_stops_sending_ends_with_cancelled_after_the_idle_limit()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "silent.bin" } } });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Contains("idle", error.Status.Detail, StringComparison.Ordinal);
    }
}
