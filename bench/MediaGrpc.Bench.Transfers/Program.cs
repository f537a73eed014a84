using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using MediaGrpc.Bench.Transfers;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Transfers;
using MediaGrpc.Server.Transfers.Redis;
using MediaGrpc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

// Usage: dotnet MediaGrpc.Bench.Transfers.dll [<iterations>]
// Two replicas share one throwaway redis-server, then a throwaway 3-master Redis Cluster,
// each with sharded and with classic pub/sub.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var root = Path.Combine(Path.GetTempPath(), "mediagrpc-bench-" + Guid.NewGuid().ToString("N"));
Console.WriteLine($"{iterations} iterations; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}");

await using (var redis = await RedisServerInstance.StartAsync())
{
    Console.WriteLine($"one redis-server {redis.Endpoint}");
    await RunPairAsync("single", redis.Endpoint, "Sharded", iterations, root, bufferedAtCancel: [5, 63 * 1024]);

    // The default block size: up to 4 MiB wait to be staged when a cancel arrives.
    await RunPairAsync("single", redis.Endpoint, "Sharded", iterations, root, bufferedAtCancel: [(4 * 1024 - 1) * 1024], blockSize: 4 * 1024 * 1024);
    await RunPairAsync("single", redis.Endpoint, "Classic", iterations, root, bufferedAtCancel: [5]);
    Console.WriteLine(await RegistryOverheadAsync("redis single", await RedisRegistryAsync(redis.Endpoint), iterations * 10));
}

await using (var cluster = await RedisClusterInstance.StartAsync())
{
    Console.WriteLine($"Redis Cluster, 3 masters: {cluster.Configuration}");
    await RunPairAsync("cluster", cluster.Configuration, "Sharded", iterations, root, bufferedAtCancel: [5]);
    await RunPairAsync("cluster", cluster.Configuration, "Classic", iterations, root, bufferedAtCancel: [5]);
    Console.WriteLine(await RegistryOverheadAsync("redis cluster", await RedisRegistryAsync(cluster.Configuration), iterations * 10));
}

Console.WriteLine(await RegistryOverheadAsync("in-process", new InProcessTransferRegistry(Options.Create(new TransferOptions()), TimeProvider.System), iterations * 10));
Directory.Delete(root, recursive: true);

static async Task RunPairAsync(string topology, string configuration, string pubSub, int iterations, string root, int[] bufferedAtCancel, int blockSize = 64 * 1024)
{
    Dictionary<string, string?> Configuration(string replica) => new()
    {
        ["Storage:Provider"] = "LocalDisk",
        ["Storage:LocalDisk:RootPath"] = root,
        ["Media:BlockSize"] = blockSize.ToString(CultureInfo.InvariantCulture),
        ["Transfers:Provider"] = "Redis",
        ["Transfers:Redis:Configuration"] = configuration,
        ["Transfers:Redis:PubSub"] = pubSub,
        ["Transfers:KeyPrefix"] = $"bench-{topology}-{pubSub}:",
        ["Transfers:ReplicaName"] = replica,
        ["Transfers:ProgressInterval"] = "00:00:00.001",
    };

    await using var a = await Replica.StartAsync(Configuration("A"));
    await using var b = await Replica.StartAsync(Configuration("B"));
    using var onA = a.CreateChannel();
    using var onB = b.CreateChannel();
    var label = $"{topology}, {pubSub.ToLowerInvariant()}, {blockSize / 1024} KiB blocks";
    foreach (var buffered in bufferedAtCancel)
    {
        var (cancelRpc, cancelStream) = await CancelLatencyAsync(a, onB, iterations, label, buffered);
        Console.WriteLine(cancelRpc);
        Console.WriteLine(cancelStream);
    }

    // Progress needs an ack per 64 KiB chunk, which only 64 KiB blocks give.
    if (blockSize == 64 * 1024)
    {
        Console.WriteLine(await ProgressLatencyAsync(onA, onB, iterations, label));
    }
}

static async Task<ITransferRegistry> RedisRegistryAsync(string configuration)
{
    var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
    var options = Options.Create(new TransferOptions { Provider = TransferRegistryProvider.Redis, KeyPrefix = "bench-overhead:", Redis = new() { Configuration = configuration } });
    return new OwningRegistry(new RedisTransferRegistry(redis, options), redis);
}

// Upload on A, CancelTransfer on B: time until B's call returns, and until A's stream ends CANCELLED at its client.
// A's channel is renewed every 100 calls: after ~200 streams the server ended while the
// client's half was open, the connection is torn down (seen as CANCELLED "by the
// transport"), which looks like Kestrel's HTTP/2 reset-flood guard; see the README.
// bufferedBytes: what A holds unflushed when the cancel arrives (a stream's end stages it).
static async Task<(Samples Rpc, Samples Stream)> CancelLatencyAsync(Replica a, GrpcChannel onB, int iterations, string label, int bufferedBytes)
{
    var onA = a.CreateChannel();
    // Sent in chunks of at most 2 MiB (Media:MaxChunkSize), none filling a block.
    var chunks = new List<UploadChunk>();
    for (var offset = 0; offset < bufferedBytes; offset += 2 * 1024 * 1024)
    {
        chunks.Add(new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(new byte[Math.Min(2 * 1024 * 1024, bufferedBytes - offset)]) });
    }

    var rpc = new Samples($"cancel ({label}, {bufferedBytes} B buffered): CancelTransfer on B returns");
    var stream = new Samples($"cancel ({label}, {bufferedBytes} B buffered): A's client sees CANCELLED");
    for (var i = -20; i < iterations; i++)
    {
        if ((i + 20) % 100 == 99)
        {
            onA.Dispose();
            onA = a.CreateChannel();
        }

        using var call = onA.DuplexStreaming(Methods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "b.bin" } } }, default);
        try
        {
            await call.ResponseStream.MoveNext(default);
        }
        catch (RpcException e)
        {
            Console.WriteLine($"iteration {i}: {e.Status}");
            throw;
        }

        var transferId = call.ResponseStream.Current.Accepted.TransferId;
        foreach (var chunk in chunks)
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = chunk }, default);
        }

        // Time for A to take the bytes in (no ack tells: they fill no block), not measured.
        await Task.Delay(bufferedBytes > 64 * 1024 ? 50 : 10);

        long endedAt = 0;
        var ended = Task.Run(async () =>
        {
            try
            {
                while (await call.ResponseStream.MoveNext(default))
                {
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
                endedAt = Stopwatch.GetTimestamp();
            }
        });
        var started = Stopwatch.GetTimestamp();
        await onB.UnaryAsync(Methods.Cancel, new CancelTransferRequest { TransferId = transferId });
        var returned = Stopwatch.GetElapsedTime(started);
        await ended;
        if (i >= 0)
        {
            rpc.Add(returned.TotalMilliseconds);
            stream.Add(Stopwatch.GetElapsedTime(started, endedAt).TotalMilliseconds);
        }
    }

    onA.Dispose();
    return (rpc, stream);
}

// Upload on A in 64 KiB blocks, watch on B: event_time (set by A when it publishes) to receipt on B.
static async Task<Samples> ProgressLatencyAsync(GrpcChannel onA, GrpcChannel onB, int iterations, string label)
{
    var samples = new Samples($"progress ({label}): A publishes -> watcher on B receives");
    var block = new byte[64 * 1024];
    using var call = onA.DuplexStreaming(Methods.Upload);
    await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "p.bin" } } }, default);
    await call.ResponseStream.MoveNext(default);
    var transferId = call.ResponseStream.Current.Accepted.TransferId;
    using var watch = onB.ServerStreaming(Methods.Watch, new WatchTransferRequest { TransferId = transferId });
    await watch.ResponseStream.MoveNext(default);
    var watcher = Task.Run(async () =>
    {
        while (await watch.ResponseStream.MoveNext(default))
        {
            var now = DateTimeOffset.UtcNow;
            if (watch.ResponseStream.Current.Progress is { } progress && progress.State == TransferState.Active)
            {
                samples.Add((now - progress.EventTime.ToDateTimeOffset()).TotalMilliseconds);
            }
        }
    });
    for (var i = 0; i < iterations; i++)
    {
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Offset = (long)i * block.Length, Data = ByteString.CopyFrom(block) } }, default);
        await call.ResponseStream.MoveNext(default);
        await Task.Delay(2);
    }

    await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, default);
    await call.ResponseStream.MoveNext(default);
    await call.RequestStream.CompleteAsync();
    await watcher;
    return samples;
}

// What a stream pays for being a transfer: begin (limit check) plus end (state write, publish).
static async Task<string> RegistryOverheadAsync(string name, ITransferRegistry registry, int transfers)
{
    await using (registry)
    {
        var tracker = new TransferTracker(registry, Options.Create(new TransferOptions()), TimeProvider.System, NullLogger<TransferTracker>.Instance);
        await tracker.StartAsync(default);
        var caller = new Caller("bench-" + name);
        var samples = new Samples($"registry overhead ({name}): begin + end");
        for (var i = -100; i < transfers; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var transfer = await tracker.BeginDownloadAsync(caller, Guid.NewGuid().ToString("N")[..22], "media", 100, pausable: true, default))
            {
                transfer.Report(100);
                transfer.Complete();
            }

            if (i >= 0)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        await tracker.StopAsync(default);
        await tracker.DisposeAsync();
        return samples.ToString();
    }
}
