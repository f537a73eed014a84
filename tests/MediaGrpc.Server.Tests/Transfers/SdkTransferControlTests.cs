using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// The .NET client's TransferService calls on a real server: a download paused on its stream
/// is seen paused by get, list and watch, resumed by ID and completes byte-identical; another
/// cancelled by ID ends with CANCELLED.
/// </summary>
public sealed class SdkTransferControlTests : IAsyncLifetime
{
    private const int Size = 32 * 1024 * 1024;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() => _host = await MediaServerHost.StartOnLocalDiskAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Paused_download_is_seen_by_get_list_and_watch_then_resumed_by_id_byte_identical()
    {
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        var content = TestData.Bytes(Size, seed: 71);
        var media = (await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "watched" })).Media;

        // Paused as soon as it opens: it cannot finish before the checks below.
        using var download = client.CreateDownloader().DownloadToMemory(media.MediaId, new MediaDownloadOptions { ChunkSize = 16 * 1024 });
        download.Pause();
        var transferId = (await download.Header).TransferId;
        var paused = await PausedAsync(client, transferId);
        var listed = await client.ListTransfersAsync();
        var snapshot = await FirstEventAsync(client, transferId);
        var resumed = await client.ResumeTransferAsync(transferId);
        var copy = await download;

        Assert.Equal(TransferKind.Download, paused.Kind);
        Assert.Contains(listed.Transfers, t => t.TransferId == transferId && t.State == TransferState.Paused);
        Assert.Equal(TransferState.Paused, snapshot.Snapshot.State);
        Assert.Equal(TransferState.Active, resumed.State);
        Assert.True(copy.Content.Span.SequenceEqual(content));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Download_cancelled_by_id_ends_with_cancelled()
    {
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        var media = (await client.UploadAsync(new MemoryStream(TestData.Bytes(Size, seed: 72)), new MediaSpec { DisplayName = "cancelled" })).Media;

        using var download = client.CreateDownloader().DownloadToMemory(media.MediaId, new MediaDownloadOptions { ChunkSize = 16 * 1024 });
        download.Pause();
        var transferId = (await download.Header).TransferId;
        await PausedAsync(client, transferId);
        var cancelled = await client.CancelTransferAsync(transferId);

        Assert.Equal(transferId, cancelled.TransferId);
        await TestData.FailsWith(StatusCode.Cancelled, () => download.Completion);
    }

    /// <summary>The transfer, once the server has applied the pause its client sent.</summary>
    private static async Task<Transfer> PausedAsync(MediaGrpcClient client, string transferId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var transfer = await client.GetTransferAsync(transferId, deadline.Token);
            if (transfer.State == TransferState.Paused)
            {
                return transfer;
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    private static async Task<WatchTransferResponse> FirstEventAsync(MediaGrpcClient client, string transferId)
    {
        await foreach (var item in client.WatchTransferAsync(transferId))
        {
            return item;
        }

        throw new InvalidOperationException("The watch ended without an event.");
    }
}
