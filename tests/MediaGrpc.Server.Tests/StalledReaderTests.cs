using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// A client that stops reading without pausing (fault matrix): the server holds at most its
/// read-ahead window meanwhile, ends the stream after <c>Media:DownloadStallTimeout</c> (1 s
/// here), frees its buffers and transfer slot, and the client resumes from the bytes it holds
/// to a byte-identical copy.
/// </summary>
public sealed class StalledReaderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private const int Window = 256 * 1024;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() => _host = await MediaServerHost.StartOnLocalDiskAsync(configuration =>
    {
        configuration["Media:DownloadStallTimeout"] = "00:00:01";
        configuration["Media:DownloadReadAheadBytes"] = Window.ToString(CultureInfo.InvariantCulture);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Client_that_stops_reading_is_cut_after_the_stall_timeout_and_resumes_byte_identical()
    {
        var content = TestData.Bytes(8 * MiB, seed: 44);
        string mediaId;
        using (var uploadChannel = _host.CreateChannel())
        {
            mediaId = (await new MediaGrpcClient(uploadChannel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "stall" })).Media.MediaId;
        }

        // The HTTP/2 default stream window (64 KiB), so the server feels the stall at once.
        using var channel = GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { InitialHttp2StreamWindowSize = 65_535 } });
        using var meters = new DownloadMeterRecorder(_host);
        using var call = channel.DuplexStreaming(ContractMethods.Download);

        // Started before the download opens: the server may fill the client's window and start
        // its stall clock before this client reads anything, never before this.
        var sinceOpened = Stopwatch.StartNew();
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = mediaId, ChunkSize = 16 * 1024 } }, default);
        var received = new MemoryStream();
        Assert.True(await call.ResponseStream.MoveNext(default));
        Assert.NotNull(call.ResponseStream.Current.Header);
        for (var i = 0; i < 4 && await call.ResponseStream.MoveNext(default); i++)
        {
            received.Write(call.ResponseStream.Current.Chunk.Data.Span);
        }

        // Now read nothing: the stream is freed within the stall timeout plus scheduling slack.
        Assert.True(await meters.WaitForIdleAsync(TimeSpan.FromSeconds(10)), "The stalled stream was never freed.");
        var freedAfter = sinceOpened.Elapsed;
        output.WriteLine($"freed after {freedAfter.TotalSeconds:F1} s; peak buffered {meters.PeakBufferedBytes} bytes (window {Window})");
        Assert.InRange(freedAfter, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
        Assert.InRange(meters.PeakBufferedBytes, 1, Window);
        using (var transfersChannel = _host.CreateChannel())
        {
            var running = await transfersChannel.UnaryAsync(Transfers.TransferMethods.List, new ListTransfersRequest());
            Assert.DoesNotContain(running.Transfers, t => t.State is TransferState.Active or TransferState.Paused);
        }

        // What the client sees when it reads again: what had arrived, then the reset.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(default))
            {
                var chunk = call.ResponseStream.Current.Chunk;
                Assert.Equal(received.Length, chunk.Offset);
                received.Write(chunk.Data.Span);
            }
        });
        output.WriteLine($"client then saw {error.Status.StatusCode}: {error.Status.Detail}; it held {received.Length} bytes");
        Assert.Contains(error.StatusCode, new[] { StatusCode.Cancelled, StatusCode.DeadlineExceeded, StatusCode.Internal });

        // Resume from what it holds: byte-identical.
        using var rest = channel.ServerStreaming(ContractMethods.Read, new ReadRequest { MediaId = mediaId, ReadOffset = received.Length });
        while (await rest.ResponseStream.MoveNext(default))
        {
            received.Write(rest.ResponseStream.Current.Data.Span);
        }

        Assert.Equal(TestData.Sha256(content), TestData.Sha256(received.ToArray()));
    }
}
