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

// Every pair stays up for the whole run and the streaming runs interleave (run 1 of each
// pair, then run 2 of each, …), so on a shared, noisy machine the ratios compare pairs
// measured under the same load rather than pairs measured minutes apart.
await using var raw = await RawKestrelServer.StartAsync(NodeRunner.FreePort());
using var rawClient = new RawKestrelClient(raw.Address);
await using var ours = await BenchServer.StartAsync(NodeRunner.FreePort(), tuned: true);
using var ourClient = new OurClient(ours.Address, tuned: true);
// What the pooled chunk marshallers save: the tuned pair with the generated ones.
await using var generated = await BenchServer.StartAsync(NodeRunner.FreePort(), tuned: true, pooledUploads: false);
using var generatedClient = new OurClient(generated.Address, tuned: true, pooledDownloads: false);
// What the tuning buys: the same pair at the libraries' defaults (windows, generated marshallers).
await using var plain = await BenchServer.StartAsync(NodeRunner.FreePort(), tuned: false);
using var plainClient = new OurClient(plain.Address, tuned: false);
var jsDefaultPort = NodeRunner.FreePort();
using var jsDefault = await NodeRunner.StartServerAsync(jsDefaultPort, 0);
var jsWindowPort = NodeRunner.FreePort();
using var jsWindow = await NodeRunner.StartServerAsync(jsWindowPort, Window);
try
{
    var pairs = new List<Pair>
    {
        InProcess("raw Kestrel HTTP/2 + HttpClient (ceiling)", rawClient.UnaryAsync, rawClient.UploadAsync, rawClient.DownloadAsync),
        InProcess("Grpc.AspNetCore + Grpc.Net.Client, tuned as the service (our pair)", ourClient.UnaryAsync, ourClient.UploadAsync, ourClient.DownloadAsync),
        Node("our server + grpc-js client (16 MiB window)", ours.Address.Port, Window),
        InProcess("our pair with generated marshallers (chunks owned)", generatedClient.UnaryAsync, generatedClient.UploadAsync, generatedClient.DownloadAsync),
        InProcess("Grpc.AspNetCore + Grpc.Net.Client at defaults", plainClient.UnaryAsync, plainClient.UploadAsync, plainClient.DownloadAsync),
        Node("grpc-js server + grpc-js client (defaults, 64 KiB windows)", jsDefaultPort, 0),
        Node("grpc-js server + grpc-js client (16 MiB windows)", jsWindowPort, Window),
    };

    foreach (var pair in pairs)
    {
        Console.Error.WriteLine("warming up and timing unary calls: " + pair.Name);
        await pair.MeasureUnaryAsync();
    }

    for (var run = 0; run < runs; run++)
    {
        foreach (var pair in pairs)
        {
            Console.Error.WriteLine($"run {run + 1}: {pair.Name}");
            await pair.MeasureStreamsAsync();
        }
    }

    rows.AddRange(pairs.Select(p => p.ToRow()));
}
finally
{
    jsDefault.Kill();
    jsWindow.Kill();
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

var ourPair = rows[1];
var grpcJsDefaults = rows.Single(r => r.Name.StartsWith("grpc-js server + grpc-js client (defaults", StringComparison.Ordinal));
Console.WriteLine();
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"our pair vs raw Kestrel: upload {ourPair.Upload / ceiling.Upload:0.00}x, download {ourPair.Download / ceiling.Download:0.00}x; vs grpc-js defaults: upload {ourPair.Upload / grpcJsDefaults.Upload:0.00}x, download {ourPair.Download / grpcJsDefaults.Download:0.00}x"));
return 0;

Pair InProcess(string name, Func<Task<TimeSpan>> unary, Func<int, int, Task> upload, Func<int, int, Task> download)
{
    var pair = new Pair(name);
    pair.MeasureUnaryAsync = async () =>
    {
        // Warm-up long enough for tiered JIT to promote the hot paths (unary calls and one
        // transfer each way) before anything is timed.
        for (var i = 0; i < Math.Max(2000, unaryCalls); i++)
        {
            await unary();
        }

        await upload(count, MessageSize);
        await download(count, MessageSize);
        var times = new double[unaryCalls];
        for (var i = 0; i < unaryCalls; i++)
        {
            times[i] = (await unary()).TotalMicroseconds;
        }

        Array.Sort(times);
        pair.P50 = Percentile(times, 50);
        pair.P99 = Percentile(times, 99);
    };
    pair.MeasureStreamsAsync = async () =>
    {
        var (up, upAlloc) = await StreamAsync(upload);
        var (down, downAlloc) = await StreamAsync(download);
        pair.Add(up, down, upAlloc, downAlloc);
    };
    return pair;
}

Pair Node(string name, int port, int window)
{
    var pair = new Pair(name);
    pair.MeasureUnaryAsync = async () =>
    {
        var latency = await NodeRunner.RunClientAsync(port, "unary", unaryCalls, MessageSize, window);
        pair.P50 = latency.GetProperty("p50_us").GetDouble();
        pair.P99 = latency.GetProperty("p99_us").GetDouble();
    };
    pair.MeasureStreamsAsync = async () =>
    {
        var up = (await NodeRunner.RunClientAsync(port, "upload", count, MessageSize, window)).GetProperty("mib_per_s").GetDouble();
        var down = (await NodeRunner.RunClientAsync(port, "download", count, MessageSize, window)).GetProperty("mib_per_s").GetDouble();
        pair.Add(up, down, double.NaN, double.NaN);
    };
    return pair;
}

async Task<(double MiBps, double AllocPerMessage)> StreamAsync(Func<int, int, Task> transfer)
{
    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var started = Stopwatch.GetTimestamp();
    await transfer(count, MessageSize);
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var perMessage = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)count;
    return (count / seconds, perMessage);
}

static double Percentile(double[] sorted, int percent) => sorted[Math.Min(sorted.Length - 1, sorted.Length * percent / 100)];

static string Bytes(double value) => double.IsNaN(value) ? "n/a" : value switch
{
    >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{value / (1024 * 1024):0.00} MiB"),
    >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{value / 1024:0.0} KiB"),
    _ => string.Create(CultureInfo.InvariantCulture, $"{value:0} B"),
};

internal sealed record Row(string Name, double P50, double P99, double Upload, double Download, double UploadAlloc, double DownloadAlloc);

/// <summary>One pair under measurement: its unary latency, and the best of its interleaved streaming runs.</summary>
internal sealed class Pair(string name)
{
    private double _upload;
    private double _download;
    private double _uploadAlloc = double.NaN;
    private double _downloadAlloc = double.NaN;

    public string Name { get; } = name;

    public double P50 { get; set; }

    public double P99 { get; set; }

    public Func<Task> MeasureUnaryAsync { get; set; } = () => Task.CompletedTask;

    public Func<Task> MeasureStreamsAsync { get; set; } = () => Task.CompletedTask;

    public void Add(double upload, double download, double uploadAlloc, double downloadAlloc)
    {
        _upload = Math.Max(_upload, upload);
        _download = Math.Max(_download, download);
        _uploadAlloc = double.IsNaN(_uploadAlloc) ? uploadAlloc : Math.Min(_uploadAlloc, uploadAlloc);
        _downloadAlloc = double.IsNaN(_downloadAlloc) ? downloadAlloc : Math.Min(_downloadAlloc, downloadAlloc);
    }

    public Row ToRow() => new(Name, P50, P99, _upload, _download, _uploadAlloc, _downloadAlloc);
}
