using System.Diagnostics;
using System.Globalization;
using MediaGrpc.Bench.Transport;

// Transport benchmark, all pairs in one run on loopback; prints a Markdown table and the
// ratios the acceptance of issue 10 names (our pair vs raw Kestrel and vs grpc-js defaults).
// Usage: dotnet run -c Release --project bench/MediaGrpc.Bench.Transport -- [--count 256] [--runs 3] [--unary 2000]
// In-process pairs are warmed up first (unary calls and one transfer each way) so that
// tiered JIT has promoted the hot paths before anything is timed.
//   --count  1 MiB messages per streaming run; --runs  streaming runs per cell (best kept);
//   --unary  timed unary calls per pair (after 200 warm-up calls).
var settings = new Dictionary<string, int>(StringComparer.Ordinal) { ["count"] = 256, ["runs"] = 3, ["unary"] = 2000 };
for (var i = 0; i + 1 < args.Length; i += 2)
{
    settings[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
}

const int MessageSize = 1024 * 1024;
const int Window = 16 * 1024 * 1024;
var count = settings["count"];
var runs = settings["runs"];
var unaryCalls = settings["unary"];
var rows = new List<Row>();

Console.Error.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {count} x 1 MiB per streaming run, best of {runs}");

await using (var raw = await RawKestrelServer.StartAsync(NodeRunner.FreePort()))
using (var client = new RawKestrelClient(raw.Address))
{
    rows.Add(await MeasureInProcessAsync("raw Kestrel HTTP/2 + HttpClient (ceiling)", client.UnaryAsync, client.UploadAsync, client.DownloadAsync));
}

await using (var ours = await BenchServer.StartAsync(NodeRunner.FreePort(), tuned: true))
{
    using (var client = new OurClient(ours.Address, tuned: true))
    {
        rows.Add(await MeasureInProcessAsync("Grpc.AspNetCore + Grpc.Net.Client, tuned as the service (our pair)", client.UnaryAsync, client.UploadAsync, client.DownloadAsync));
    }

    rows.Add(await MeasureNodeClientAsync("our server + grpc-js client (16 MiB window)", ours.Address.Port, Window));
}

// What the tuning buys: the same pair at the libraries' defaults (windows, generated marshallers).
await using (var plain = await BenchServer.StartAsync(NodeRunner.FreePort(), tuned: false))
using (var client = new OurClient(plain.Address, tuned: false))
{
    rows.Add(await MeasureInProcessAsync("Grpc.AspNetCore + Grpc.Net.Client at defaults", client.UnaryAsync, client.UploadAsync, client.DownloadAsync));
}

foreach (var window in new[] { 0, Window })
{
    var port = NodeRunner.FreePort();
    using var server = await NodeRunner.StartServerAsync(port, window);
    try
    {
        var label = window == 0 ? "grpc-js server + grpc-js client (defaults, 64 KiB windows)" : "grpc-js server + grpc-js client (16 MiB windows)";
        rows.Add(await MeasureNodeClientAsync(label, port, window));
    }
    finally
    {
        server.Kill();
    }
}

var ceiling = rows[0];
Console.WriteLine("| pair | unary p50 (µs) | unary p99 (µs) | upload MiB/s | download MiB/s | upload vs raw | download vs raw | alloc/msg up | alloc/msg down |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {row.Name} | {row.P50:0} | {row.P99:0} | {row.Upload:0} | {row.Download:0} | {row.Upload / ceiling.Upload:P0} | {row.Download / ceiling.Download:P0} | {Bytes(row.UploadAlloc)} | {Bytes(row.DownloadAlloc)} |"));
}

var pair = rows[1];
var grpcJsDefaults = rows.Single(r => r.Name.StartsWith("grpc-js server + grpc-js client (defaults", StringComparison.Ordinal));
Console.WriteLine();
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"our pair vs raw Kestrel: upload {pair.Upload / ceiling.Upload:0.00}x, download {pair.Download / ceiling.Download:0.00}x; vs grpc-js defaults: upload {pair.Upload / grpcJsDefaults.Upload:0.00}x, download {pair.Download / grpcJsDefaults.Download:0.00}x"));
return 0;

async Task<Row> MeasureInProcessAsync(
    string name,
    Func<Task<TimeSpan>> unary,
    Func<int, int, Task> upload,
    Func<int, int, Task> download)
{
    Console.Error.WriteLine("measuring " + name);

    // Warm-up long enough for tiered JIT to promote the hot paths: otherwise the pair
    // measured first pays for compiling code that later pairs share.
    for (var i = 0; i < Math.Max(2000, unaryCalls); i++)
    {
        await unary();
    }

    await upload(count, MessageSize);
    await download(count, MessageSize);
    await Task.Delay(500);

    var times = new double[unaryCalls];
    for (var i = 0; i < unaryCalls; i++)
    {
        times[i] = (await unary()).TotalMicroseconds;
    }

    Array.Sort(times);
    var (up, upAlloc) = await StreamAsync(upload);
    var (down, downAlloc) = await StreamAsync(download);
    return new Row(name, Percentile(times, 50), Percentile(times, 99), up, down, upAlloc, downAlloc);
}

async Task<(double MiBps, double AllocPerMessage)> StreamAsync(Func<int, int, Task> transfer)
{
    await transfer(Math.Min(count, 16), MessageSize);
    double best = 0;
    double alloc = double.NaN;
    for (var run = 0; run < runs; run++)
    {
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await transfer(count, MessageSize);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var perMessage = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)count;
        best = Math.Max(best, count / seconds);
        alloc = double.IsNaN(alloc) ? perMessage : Math.Min(alloc, perMessage);
    }

    return (best, alloc);
}

async Task<Row> MeasureNodeClientAsync(string name, int port, int window)
{
    Console.Error.WriteLine("measuring " + name);
    var latency = await NodeRunner.RunClientAsync(port, "unary", unaryCalls, MessageSize, window);
    double up = 0;
    double down = 0;
    for (var run = 0; run < runs; run++)
    {
        up = Math.Max(up, (await NodeRunner.RunClientAsync(port, "upload", count, MessageSize, window)).GetProperty("mib_per_s").GetDouble());
        down = Math.Max(down, (await NodeRunner.RunClientAsync(port, "download", count, MessageSize, window)).GetProperty("mib_per_s").GetDouble());
    }

    return new Row(name, latency.GetProperty("p50_us").GetDouble(), latency.GetProperty("p99_us").GetDouble(), up, down, double.NaN, double.NaN);
}

static double Percentile(double[] sorted, int percent) => sorted[Math.Min(sorted.Length - 1, sorted.Length * percent / 100)];

static string Bytes(double value) => double.IsNaN(value) ? "n/a" : value switch
{
    >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{value / (1024 * 1024):0.00} MiB"),
    >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{value / 1024:0.0} KiB"),
    _ => string.Create(CultureInfo.InvariantCulture, $"{value:0} B"),
};

internal sealed record Row(string Name, double P50, double P99, double Upload, double Download, double UploadAlloc, double DownloadAlloc);
