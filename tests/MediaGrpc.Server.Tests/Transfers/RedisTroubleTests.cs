using System.Globalization;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using StackExchange.Redis;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// The documented choice for Redis trouble: a transfer in flight keeps going and its data
/// stays safe; progress, the limit and control degrade while Redis is away; after Redis
/// comes back the replica registers its running transfers again and watchers catch up,
/// and an upload whose writer lease another stream took meanwhile stops.
/// </summary>
public sealed class RedisTroubleTests : IAsyncLifetime
{
    private const int Block = 64 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-trouble-" + Guid.NewGuid().ToString("N"));
    private RedisServerInstance _redis = null!;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerInstance.StartAsync();
        var configuration = MediaServerHost.LocalDisk(_root);
        configuration["Media:BlockSize"] = Block.ToString(CultureInfo.InvariantCulture);
        configuration["Transfers:Provider"] = "Redis";
        configuration["Transfers:Redis:Configuration"] = _redis.Endpoint + ",connectTimeout=500,asyncTimeout=500,syncTimeout=500";
        configuration["Transfers:HeartbeatTtl"] = "00:00:02";
        configuration["Transfers:HeartbeatInterval"] = "00:00:00.200";
        configuration["Transfers:ProgressInterval"] = "00:00:00.020";
        _host = await MediaServerHost.StartAsync(configuration);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_survives_a_redis_restart_and_is_registered_again_and_its_watcher_catches_up()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var channel = _host.CreateChannel();
        var content = TestData.Bytes(6 * Block, seed: 71);
        using var call = channel.DuplexStreaming(ContractMethods.Upload, new CallOptions(cancellationToken: ct));
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "f.bin", DeclaredSize = content.Length } } }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        var transferId = call.ResponseStream.Current.Accepted.TransferId;

        // On a loaded machine the first registration may outlast Transfers:RegistryTimeout: the
        // stream then runs unregistered until its next heartbeat. Watch once it is registered.
        await EventuallyAsync(() => channel.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct)), ct);
        using var watch = channel.ServerStreaming(TransferMethods.Watch, new WatchTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct));
        Assert.True(await watch.ResponseStream.MoveNext(ct));
        var watched = ReadAllAsync(watch.ResponseStream, ct);
        await SendChunkAsync(call, content, 0, ct);

        // Redis loses everything: the record, the slot, the subscriptions.
        await _redis.RestartAsync(ct);
        await SendChunkAsync(call, content, Block, ct);
        var registeredAgain = await EventuallyAsync(
            () => channel.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = transferId }, new CallOptions(cancellationToken: ct)),
            ct);
        for (var offset = 2 * Block; offset < content.Length; offset += Block)
        {
            await SendChunkAsync(call, content, offset, ct);
        }

        await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        var media = call.ResponseStream.Current.Completed.Media;
        await call.RequestStream.CompleteAsync();
        var events = await watched;

        Assert.Equal(TransferState.Active, registeredAgain.Transfer.State);
        Assert.Equal(TestData.Sha256(content), media.Sha256);
        var last = events[^1];
        var finalState = last.EventCase == WatchTransferResponse.EventOneofCase.Progress ? last.Progress.State : last.Snapshot.State;
        Assert.Equal(TransferState.Completed, finalState);
        using var downloaded = new MemoryStream();
        await new MediaGrpcClient(channel).DownloadAsync(media.MediaId, downloaded, cancellationToken: ct);
        Assert.Equal(content, downloaded.ToArray());
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Download_survives_a_redis_kill_and_restart_byte_identical()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var channel = _host.CreateChannel();
        var content = TestData.Bytes(128 * Block, seed: 73);
        var media = (await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "d.bin" }, cancellationToken: ct)).Media;
        using var call = channel.DuplexStreaming(ContractMethods.Download, new CallOptions(cancellationToken: ct));
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = media.MediaId, ChunkSize = Block / 4 } }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        Assert.NotNull(call.ResponseStream.Current.Header);
        var received = new MemoryStream();
        Assert.True(await call.ResponseStream.MoveNext(ct));
        received.Write(call.ResponseStream.Current.Chunk.Data.Span);

        // Paused, so the rest of the bytes are sent only after Redis was killed (SIGKILL) and
        // started again, empty.
        await call.RequestStream.WriteAsync(new DownloadRequest { Pause = new DownloadPause() }, ct);
        DownloadCompleted? completed = null;
        var restarted = false;
        while (await call.ResponseStream.MoveNext(ct))
        {
            var response = call.ResponseStream.Current;
            if (response.Chunk is { } chunk)
            {
                Assert.Equal(received.Length, chunk.Offset);
                received.Write(chunk.Data.Span);
            }
            else if (response.Paused is not null && !restarted)
            {
                await _redis.RestartAsync(ct);
                restarted = true;
                await call.RequestStream.WriteAsync(new DownloadRequest { Resume = new DownloadResume() }, ct);
            }

            completed ??= response.Completed;
        }

        Assert.True(restarted, "The download never paused.");

        Assert.NotNull(completed);
        Assert.Equal(content, received.ToArray());
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_whose_writer_lease_another_stream_took_stops_with_aborted_and_leaves_the_lease_alone()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var channel = _host.CreateChannel();
        var content = TestData.Bytes(4 * Block, seed: 72);
        using var call = channel.DuplexStreaming(ContractMethods.Upload, new CallOptions(cancellationToken: ct));
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "f.bin", DeclaredSize = content.Length } } }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        var uploadId = call.ResponseStream.Current.Accepted.UploadId;
        await SendChunkAsync(call, content, 0, ct);

        // As if the lease had lapsed (Redis lost it, or this replica was cut off) and a stream
        // on another replica took it: the next heartbeat finds it held by someone else.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Endpoint);
        var leaseKey = "mediagrpc:writer:{local}:" + uploadId;
        await redis.GetDatabase().StringSetAsync(leaseKey, "transfer-on-another-replica", TimeSpan.FromSeconds(20));

        // The server side waits for the next chunk; the heartbeat (every 200 ms) ends it first.
        var stopped = await TestData.FailsWith(StatusCode.Aborted, () => call.ResponseStream.MoveNext(ct));

        Assert.Contains("Another stream is writing upload", stopped.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("transfer-on-another-replica", (string?)await redis.GetDatabase().StringGetAsync(leaseKey));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.Unavailable)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    private static async Task SendChunkAsync(AsyncDuplexStreamingCall<UploadRequest, UploadResponse> call, byte[] content, int offset, CancellationToken ct)
    {
        var chunk = new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(content, offset, Block) };
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = chunk }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        Assert.Equal(UploadResponse.MessageOneofCase.Ack, call.ResponseStream.Current.MessageCase);
    }

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncStreamReader<T> reader, CancellationToken ct)
    {
        var all = new List<T>();
        while (await reader.MoveNext(ct))
        {
            all.Add(reader.Current);
        }

        return all;
    }
}
