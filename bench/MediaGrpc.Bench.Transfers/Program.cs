using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using MediaGrpc.Bench.Transfers;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Transfers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Usage: dotnet run -c Release --project bench/MediaGrpc.Bench.Transfers [-- <iterations>]
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
await using var redis = await RedisServerInstance.StartAsync();
var root = Path.Combine(Path.GetTempPath(), "mediagrpc-bench-" + Guid.NewGuid().ToString("N"));
Dictionary<string, string?> Configuration(string replica) => new()
{
    ["Storage:Provider"] = "LocalDisk",
    ["Storage:LocalDisk:RootPath"] = root,
    ["Media:BlockSize"] = "65536",
    ["Transfers:Provider"] = "Redis",
    ["Transfers:Redis:Endpoint"] = redis.Endpoint,
    ["Transfers:ReplicaName"] = replica,
    ["Transfers:ProgressInterval"] = "00:00:00.001",
};

await using (var a = await Replica.StartAsync(Configuration("A")))
await using (var b = await Replica.StartAsync(Configuration("B")))
{
    using var onA = a.CreateChannel();
    using var onB = b.CreateChannel();
    Console.WriteLine($"redis-server {redis.Endpoint}; replicas A {a.Address}, B {b.Address}; {iterations} iterations; {Environment.ProcessorCount} cores");
    var (cancelRpc, cancelStream) = await CancelLatencyAsync(a, onB, iterations);
    Console.WriteLine(cancelRpc);
    Console.WriteLine(cancelStream);
    Console.WriteLine(await ProgressLatencyAsync(onA, onB, iterations));
}

Console.WriteLine(await RegistryOverheadAsync("in-process", new InProcessTransferRegistry(Options.Create(new TransferOptions()), TimeProvider.System), iterations * 10));
var redisOptions = Options.Create(new TransferOptions { Provider = TransferRegistryProvider.Redis, Redis = new() { Endpoint = redis.Endpoint } });
Console.WriteLine(await RegistryOverheadAsync("redis", new RedisTransferRegistry(redisOptions, NullLoggerFactory.Instance, TimeProvider.System), iterations * 10));
Directory.Delete(root, recursive: true);

// Upload on A, CancelTransfer on B: time until B's call returns, and until A's stream ends CANCELLED at its client.
// A's channel is renewed every 100 calls: after ~200 streams the server ended while the
// client's half was open, the connection is torn down (seen as CANCELLED "by the
// transport"), which looks like Kestrel's HTTP/2 reset-flood guard; see the README.
static async Task<(Samples Rpc, Samples Stream)> CancelLatencyAsync(Replica a, GrpcChannel onB, int iterations)
{
    var onA = a.CreateChannel();
    var rpc = new Samples("cancel: CancelTransfer on B returns");
    var stream = new Samples("cancel: B issues -> A's stream ends CANCELLED");
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
        await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Data = ByteString.CopyFromUtf8("bench") } }, default);
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
static async Task<Samples> ProgressLatencyAsync(GrpcChannel onA, GrpcChannel onB, int iterations)
{
    var samples = new Samples("progress: A publishes -> watcher on B receives");
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
