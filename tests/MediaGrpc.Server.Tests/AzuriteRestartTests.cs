using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// Azurite, playing Azure Blob storage, killed (SIGKILL) in the middle of an upload and started
/// again on the same port and data (fault matrix): the stream ends with UNAVAILABLE, the
/// status clients retry; after the restart the persisted offset is at or past every byte
/// acknowledged before the emulator's last metadata save (Azurite's own durability, below),
/// and the upload resumes from it to a byte-identical media. Always a
/// throwaway Azurite of its own, even when the suite is pointed at an external one.
/// </summary>
public sealed class AzuriteRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Block = 256 * 1024;
    private static readonly TimeSpan s_ready = TimeSpan.FromSeconds(30);
    private AzuriteProcess _azurite = null!;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(s_ready * 3);
        _azurite = await AzuriteProcess.StartAsync(s_ready, timeout.Token);
        var configuration = MediaServerHost.AzureBlob(AzuriteDevelopmentAccount.ConnectionString(_azurite.BlobEndpoint), "restart");
        configuration["Media:BlockSize"] = Block.ToString(CultureInfo.InvariantCulture);
        configuration["Storage:AzureBlob:Retry:MaxRetries"] = "2";
        configuration["Storage:AzureBlob:Retry:Delay"] = "00:00:00.050";
        _host = await MediaServerHost.StartAsync(configuration);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _azurite.Dispose();
    }

    [Fact(Timeout = 90_000)]
    public async Task Upload_across_an_azurite_kill_and_restart_loses_no_acknowledged_byte()
    {
        var content = TestData.Bytes(16 * Block, seed: 91);
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel, new MediaGrpcClientOptions { MaxUploadAttempts = 1 });
        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "azurite.bin", DeclaredSize = content.Length } } }, default);
        Assert.True(await call.ResponseStream.MoveNext(default));
        var uploadId = call.ResponseStream.Current.Accepted.UploadId;

        // Six blocks, each acknowledged before the next is sent. Azurite (not Azure Storage)
        // keeps its metadata in memory and saves it every 5 s: a SIGKILL of the emulator loses
        // what it acknowledged since its last save, so the kill comes after one save, and two
        // more acknowledged blocks, whose fate is the emulator's.
        long acknowledged = 0;
        for (var offset = 0; offset < 8 * Block; offset += Block)
        {
            if (offset == 6 * Block)
            {
                await Task.Delay(TimeSpan.FromSeconds(6));
            }

            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(content, offset, Block) } }, default);
            while (acknowledged < offset + Block && await call.ResponseStream.MoveNext(default))
            {
                acknowledged = Math.Max(acknowledged, call.ResponseStream.Current.Ack?.PersistedOffset ?? 0);
            }
        }

        var savedByAzurite = 6 * Block;
        await _azurite.KillAsync();
        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            for (var offset = 8 * Block; offset < content.Length; offset += Block)
            {
                await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(content, offset, Block) } }, default);
            }

            while (await call.ResponseStream.MoveNext(default))
            {
            }
        });
        var whileDown = await Assert.ThrowsAsync<RpcException>(() => client.GetUploadStatusAsync(uploadId));

        using var restart = new CancellationTokenSource(s_ready);
        await _azurite.RestartAsync(s_ready, restart.Token);
        var status = await client.GetUploadStatusAsync(uploadId);
        output.WriteLine($"stream: {failure.Status}; status while down: {whileDown.StatusCode}; acknowledged {acknowledged}, persisted after restart {status.PersistedOffset}");

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Contains("storage is unavailable", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unavailable, whileDown.StatusCode);
        Assert.Equal(8 * Block, acknowledged);
        Assert.InRange(status.PersistedOffset, savedByAzurite, acknowledged);

        var resumed = await new MediaGrpcClient(channel).ResumeUploadAsync(uploadId, new MemoryStream(content));
        using var downloaded = new MemoryStream();
        await client.DownloadAsync(resumed.Media.MediaId, downloaded);
        Assert.Equal(TestData.Sha256(content), TestData.Sha256(downloaded.ToArray()));
    }
}
