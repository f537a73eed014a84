using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Security.Cryptography;
using MediaGrpc.Bench.Download;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Storage;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Testing;
using Azure.Storage.Blobs.Specialized;

// Download throughput of one media: through the service (bidi Download, chunks discarded
// by the client) versus straight from the store, in the same run, alternating so both
// see the same machine. Medians of --runs runs after --warmup-calls warm-up reads of each path.
var sizeMiB = Option("--size-mib", 256);
var runs = Option("--runs", 5);
var chunkKiB = Option("--chunk-kib", 1024);

// Warm-up reads of each path (of the first 8 MiB) before the measured runs. Tiered compilation
// recompiles a method after 30 calls, and counts them only once nothing new has been compiled
// for 100 ms, so code that runs once per call (the service's call setup, the Azure SDK's
// request pipeline) is still being compiled after a few calls, on a background thread whose
// time is charged to whichever path runs meanwhile; the service path has far more such code
// than the relay. The warm-up does not always settle it: the JIT figures show what is left,
// and the "without JIT" line takes it out.
var warmupCalls = Option("--warmup-calls", 100);

// The server's Media:DownloadReadAheadBytes (default 4 MiB): how far storage is read ahead of
// the client. The etag is checked every Media:DownloadEtagCheckBytes (8 MiB) whatever this is.
var readAheadMiB = Option("--read-ahead-mib", 4);

// The server's Media:DownloadEtagCheckBytes (default 8 MiB): bytes read between two checks of
// the media's etag, each a properties request to the store.
var etagCheckMiB = Option("--etag-check-mib", 8);
var size = sizeMiB * 1024L * 1024L;
var warmupLength = Math.Min(size, 8L * 1024 * 1024);
var content = new byte[size];
new Random(7).NextBytes(content);
var maxSize = (size + (1024 * 1024)).ToString(CultureInfo.InvariantCulture);

Console.WriteLine($"media {sizeMiB} MiB, service chunk {chunkKiB} KiB, read-ahead window {readAheadMiB} MiB, etag checked every {etagCheckMiB} MiB, {runs} runs after {warmupCalls} warm-up reads of {warmupLength / 1024 / 1024} MiB per path, {Environment.ProcessorCount} cores");

// Azurite: the service on Azure Blob storage versus a ranged Get Blob of the same blob.
using (var azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(30), CancellationToken.None))
{
    var connectionString = AzuriteDevelopmentAccount.ConnectionString(azurite.BlobEndpoint);
    var configuration = Configuration(maxSize);
    configuration["Storage:Provider"] = "AzureBlob";
    configuration["Storage:AzureBlob:ConnectionString"] = connectionString;
    configuration["Storage:AzureBlob:ContainerName"] = "bench";
    await using var server = await BenchServer.StartAsync(configuration);
    using var channel = MediaGrpcChannels.ForAddress(server.Address);
    var media = await UploadAsync(channel, content);
    // The default TTL class's prefix (see MediaBlobNames): where the service keeps the bytes.
    // One SDK client, built as the service builds its own (pinned service version).
    var blob = AzureBlobServiceClientFactory.Create(new AzureBlobStoreOptions { ConnectionString = connectionString })
        .GetBlobContainerClient("bench")
        .GetBlockBlobClient("ttl-7d/media/" + media.MediaId);
    await using var relay = await RawRelay.StartAsync(blob);
    using var rawGrpc = new RawGrpcRead(server.Address);
    var storeCpu = azurite.TotalProcessorTime;
    var rawGrpcRuns = new List<Measurement>();
    var countedRuns = new List<Measurement>();
    var (serviceRuns, directRuns, relayRuns) = await CompareAsync(
        length => ThroughServiceAsync(channel, media.MediaId, chunkKiB * 1024, length, storeCpu),
        length => ReadAllAsync(() => DirectRead.OpenAsync(blob, length, CancellationToken.None), storeCpu),
        length => ReadAllAsync(() => relay.OpenAsync(length), storeCpu),
        async (length, measured) =>
        {
            // The gRPC frames around the chunks: a few bytes per chunk, and the header message.
            var run = await ReadAllAsync(() => rawGrpc.OpenAsync(media.MediaId, chunkKiB * 1024, length), storeCpu);
            if (run.Bytes < length)
            {
                throw new InvalidOperationException($"Read {run.Bytes} bytes of gRPC frames, expected more than {length}.");
            }

            var counted = await CountedAsync(channel, media.MediaId, chunkKiB * 1024, length, storeCpu);
            if (counted.Bytes < length)
            {
                throw new InvalidOperationException($"Read {counted.Bytes} bytes of gRPC messages, expected more than {length}.");
            }

            if (measured)
            {
                rawGrpcRuns.Add(run);
                countedRuns.Add(counted);
            }
        });
    var (service, direct, relayed) = (Measurement.Median(serviceRuns), Measurement.Median(directRuns), Measurement.Median(relayRuns));
    Report("Azurite", "ranged Get Blob", service, direct);
    Console.WriteLine($"[Azurite] raw HTTP/2 relay  : {relayed}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[Azurite] ratio relay/direct: {relayed.MiBPerSecond / direct.MiBPerSecond:F2} (the ceiling of any service)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[Azurite] ratio service/relay: {service.MiBPerSecond / relayed.MiBPerSecond:F2}"));
    Console.WriteLine($"[Azurite] service, raw read : {Measurement.Median(rawGrpcRuns)} (diagnostic: the gRPC frames read by HttpClient, not Grpc.Net.Client)");
    Console.WriteLine($"[Azurite] service, counted  : {Measurement.Median(countedRuns)} (diagnostic: Grpc.Net.Client counting the chunks, not copying them as the SDK does)");
    ReportCpu(("service", serviceRuns), ("counted", countedRuns), ("raw read", rawGrpcRuns), ("relay", relayRuns), ("direct", directRuns));

    // What a long-running server would see: each path's CPU per MiB (this process and Azurite)
    // without the JIT's, relay over service, the rate ratio the cores allow.
    var steadyService = Measurement.MedianOf(serviceRuns, r => r.CpuPerMiB - r.JitPerMiB + (r.StoreCpuPerMiB ?? 0));
    var steadyRelay = Measurement.MedianOf(relayRuns, r => r.CpuPerMiB - r.JitPerMiB + (r.StoreCpuPerMiB ?? 0));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[Azurite] CPU-sum ratio relay/service without JIT: {steadyRelay / steadyService:F2} ({steadyRelay:F2} / {steadyService:F2} ms/MiB)"));
}

// Local disk: the service on the local-disk store versus a plain read of a file.
var root = Directory.CreateTempSubdirectory("mediagrpc-bench-");
try
{
    var configuration = Configuration(maxSize);
    configuration["Storage:Provider"] = "LocalDisk";
    configuration["Storage:LocalDisk:RootPath"] = Path.Combine(root.FullName, "blobs");
    await using var server = await BenchServer.StartAsync(configuration);
    using var channel = MediaGrpcChannels.ForAddress(server.Address);
    var media = await UploadAsync(channel, content);
    var file = Path.Combine(root.FullName, "plain.bin");
    await File.WriteAllBytesAsync(file, content);

    var (serviceRuns, directRuns, _) = await CompareAsync(
        length => ThroughServiceAsync(channel, media.MediaId, chunkKiB * 1024, length, storeCpu: null),
        // Always the whole file: reading it is too quick to be worth trimming for the warm-up.
        _ => ReadAllAsync(() => Task.FromResult<Stream>(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true)), storeCpu: null),
        null,
        null);
    Report("local disk", "plain file read", Measurement.Median(serviceRuns), Measurement.Median(directRuns));
}
finally
{
    root.Delete(recursive: true);
}

// Each path reads the number of bytes it is given: the first warmupLength bytes while warming up,
// the whole media when measured.
async Task<(List<Measurement> Service, List<Measurement> Direct, List<Measurement> Relay)> CompareAsync(
    Func<long, Task<Measurement>> service, Func<long, Task<Measurement>> direct, Func<long, Task<Measurement>>? relay, Func<long, bool, Task>? diagnostic)
{
    for (var i = 0; i < Math.Max(1, warmupCalls); i++)
    {
        await service(warmupLength);
        await direct(warmupLength);
        if (relay is not null)
        {
            await relay(warmupLength);
        }

        if (diagnostic is not null)
        {
            await diagnostic(warmupLength, false);
        }
    }

    var serviceRuns = new List<Measurement>();
    var directRuns = new List<Measurement>();
    var relayRuns = new List<Measurement>();
    for (var i = 0; i < runs; i++)
    {
        serviceRuns.Add(Check(await service(size)));
        directRuns.Add(Check(await direct(size)));
        if (relay is not null)
        {
            relayRuns.Add(Check(await relay(size)));
        }

        if (diagnostic is not null)
        {
            await diagnostic(size, true);
        }
    }

    return (serviceRuns, directRuns, relayRuns);
}

Measurement Check(Measurement measurement) => measurement.Bytes == size
    ? measurement
    : throw new InvalidOperationException($"Read {measurement.Bytes} bytes, expected {size}.");

void Report(string store, string directName, Measurement service, Measurement direct)
{
    Console.WriteLine($"[{store}] through service : {service}");
    Console.WriteLine($"[{store}] {directName,-16}: {direct}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{store}] ratio service/direct: {service.MiBPerSecond / direct.MiBPerSecond:F2}"));
}

// Medians over the runs of CPU per MiB: this process, Azurite, and their sum, which on 2 cores
// bounds the rate and moves much less with other load on the machine than the rate does; and
// the JIT's share of this process's figure, which should be near 0 once the paths are warm.
static void ReportCpu(params (string Name, List<Measurement> Runs)[] paths)
{
    foreach (var (name, runs) in paths)
    {
        var process = Measurement.MedianOf(runs, r => r.CpuPerMiB);
        var store = Measurement.MedianOf(runs, r => r.StoreCpuPerMiB ?? 0);
        var sum = Measurement.MedianOf(runs, r => r.CpuPerMiB + (r.StoreCpuPerMiB ?? 0));
        var jit = Measurement.MedianOf(runs, r => r.JitPerMiB);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[Azurite] CPU ms/MiB, median of runs, {name,-8}: this process {process:F2} + Azurite {store:F2} = {sum:F2} (JIT {jit:F2} of this process's)"));
    }
}

Dictionary<string, string?> Configuration(string maxMediaSize) => new()
{
    ["Media:MaxMediaSize"] = maxMediaSize,
    ["Media:DownloadReadAheadBytes"] = (readAheadMiB * 1024L * 1024L).ToString(CultureInfo.InvariantCulture),
    ["Media:MaxDownloadChunkSize"] = (4 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
    ["Media:DownloadEtagCheckBytes"] = (etagCheckMiB * 1024L * 1024L).ToString(CultureInfo.InvariantCulture),
};

static async Task<MediaRecord> UploadAsync(GrpcChannel channel, byte[] content)
{
    var client = new MediaGrpcClient(channel, new MediaGrpcClientOptions { UploadChunkSize = 2 * 1024 * 1024 });
    var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "bench.bin", DeclaredSize = content.Length });
    if (!upload.Media.Sha256.Span.SequenceEqual(SHA256.HashData(content)))
    {
        throw new InvalidOperationException("The uploaded media does not match.");
    }

    return upload.Media;
}

static Task<Measurement> ThroughServiceAsync(GrpcChannel channel, string mediaId, int chunkSize, long length, Func<TimeSpan>? storeCpu) =>
    MeasureAsync(storeCpu, async firstByte =>
    {
        long bytes = 0;
        // As the client SDK reads downloads: each chunk, in a pooled buffer, is consumed before the next read.
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(ChunkMethods.DownloadPooledResponses, null, default);
        using var responses = new PooledStreamReader<DownloadResponse>(call.ResponseStream);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = mediaId, ChunkSize = chunkSize, ReadLimit = length } }, CancellationToken.None);
        while (await responses.MoveNext(CancellationToken.None))
        {
            if (responses.Current.Chunk is { } chunk)
            {
                firstByte();
                bytes += chunk.Data.Length;
            }
            else if (responses.Current.Completed is not null)
            {
                // As the SDK does: a duplex call left open after the last response stays draining on
                // the server, and Kestrel refuses new streams past twice its stream limit of them.
                await call.RequestStream.CompleteAsync();
            }
        }

        return bytes;
    });

static Task<Measurement> CountedAsync(GrpcChannel channel, string mediaId, int chunkSize, long length, Func<TimeSpan>? storeCpu) =>
    MeasureAsync(storeCpu, firstByte => CountedGrpcRead.ReadAsync(channel, mediaId, chunkSize, length, firstByte));

static Task<Measurement> ReadAllAsync(Func<Task<Stream>> open, Func<TimeSpan>? storeCpu) =>
    MeasureAsync(storeCpu, async firstByte =>
    {
        var buffer = new byte[1024 * 1024];
        long bytes = 0;
        await using var stream = await open();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            firstByte();
            bytes += read;
        }

        return bytes;
    });

// Times one read, which returns the bytes it read and calls its argument on every data it receives.
static async Task<Measurement> MeasureAsync(Func<TimeSpan>? storeCpu, Func<Action, Task<long>> read)
{
    var store = storeCpu?.Invoke();
    var jit = JitInfo.GetCompilationTime();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    TimeSpan? firstByte = null;
    var bytes = await read(() => firstByte ??= clock.Elapsed);
    var total = clock.Elapsed;
    return new Measurement(bytes, firstByte ?? total, total, Process.GetCurrentProcess().TotalProcessorTime - cpu, storeCpu?.Invoke() - store, JitInfo.GetCompilationTime() - jit);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
