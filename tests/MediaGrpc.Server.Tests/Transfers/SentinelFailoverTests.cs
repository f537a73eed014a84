using System.Globalization;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// The registry on a Sentinel-managed Redis follows a failover: an upload running while the
/// sentinel promotes the replica goes on, loses no acknowledged byte and completes, and the
/// registry then reads and writes on the new master.
/// </summary>
public sealed class SentinelFailoverTests : IAsyncLifetime
{
    private const int Block = 64 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-failover-" + Guid.NewGuid().ToString("N"));
    private RedisSentinelInstance? _sentinel;
    private MediaServerHost? _host;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _sentinel = await RedisSentinelInstance.StartAsync(timeout.Token);
        var configuration = MediaServerHost.LocalDisk(_root);
        configuration["Media:BlockSize"] = Block.ToString(CultureInfo.InvariantCulture);
        configuration["Transfers:Provider"] = "Redis";
        configuration["Transfers:Redis:Configuration"] = _sentinel.Configuration + ",connectTimeout=1000,asyncTimeout=1000";
        configuration["Transfers:HeartbeatTtl"] = "00:00:05";
        configuration["Transfers:HeartbeatInterval"] = "00:00:00.200";
        configuration["Transfers:ProgressInterval"] = "00:00:00.020";
        _host = await MediaServerHost.StartAsync(configuration);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_sentinel is not null)
        {
            await _sentinel.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_running_through_a_sentinel_failover_loses_no_acknowledged_byte_and_completes()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var ct = cancellation.Token;
        using var channel = _host!.CreateChannel();
        var content = TestData.Bytes(8 * Block, seed: 91);
        using var call = channel.DuplexStreaming(ContractMethods.Upload, new CallOptions(cancellationToken: ct));
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "f.bin", DeclaredSize = content.Length } } }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        var transferId = call.ResponseStream.Current.Accepted.TransferId;
        var acknowledged = new List<long>();
        for (var offset = 0; offset < 3 * Block; offset += Block)
        {
            acknowledged.Add(await SendChunkAsync(call, content, offset, ct));
        }

        var oldMaster = await _sentinel!.MasterPortAsync(ct);
        var newMaster = await _sentinel.FailoverAsync(ct);

        for (var offset = 3 * Block; offset < content.Length; offset += Block)
        {
            acknowledged.Add(await SendChunkAsync(call, content, offset, ct));
        }

        await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        var media = call.ResponseStream.Current.Completed.Media;
        await call.RequestStream.CompleteAsync();

        Assert.NotEqual(oldMaster, newMaster);
        Assert.Equal([.. Enumerable.Range(1, 8).Select(i => (long)i * Block)], acknowledged);
        Assert.Equal(content.Length, media.Size);
        Assert.Equal(TestData.Sha256(content), media.Sha256);
        using var downloaded = new MemoryStream();
        await new MediaGrpcClient(channel).DownloadAsync(media.MediaId, downloaded, cancellationToken: ct);
        Assert.Equal(content, downloaded.ToArray());

        // The registry wrote the transfer's end to the new master (at once, or with the
        // retry of a heartbeat while the multiplexer moved over).
        var ended = await EventuallyAsync(
            () => channel.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct)),
            response => response.Transfer.State == TransferState.Completed,
            ct);
        Assert.Equal(content.Length, ended.Transfer.BytesDone);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var result = await attempt();
                if (done(result))
                {
                    return result;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.Unavailable)
            {
            }

            await Task.Delay(100, ct);
        }
    }

    private static async Task<long> SendChunkAsync(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> call, byte[] content, int offset, CancellationToken ct)
    {
        var chunk = new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(content, offset, Block) };
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = chunk }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        return call.ResponseStream.Current.Ack.PersistedOffset;
    }
}
