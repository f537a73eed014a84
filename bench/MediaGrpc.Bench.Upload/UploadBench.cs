using System.Globalization;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Storage;
using MediaGrpc.Testing;

namespace MediaGrpc.Bench.Upload;

/// <summary>
/// The measurements of issue 4, in one run:
/// (a) through the service into Azurite vs the SDK's StageBlock straight into Azurite, same block size;
/// (b) through the service onto local disk vs a plain file copy vs tus-node-server;
/// (c) peak server memory per concurrent upload with 1, 8 and 32 uploads.
/// <c>--only</c> picks some of these groups; Azurite starts only when (a) runs.
/// The server runs in its own process, as deployed.
/// </summary>
internal sealed class UploadBench : IAsyncDisposable
{
    private readonly BenchOptions _options;
    private readonly AzuriteProcess? _azurite;
    private readonly string _work;
    private readonly string _source;
    private readonly string _small;

    private UploadBench(BenchOptions options, AzuriteProcess? azurite, string work, string source, string small)
    {
        _options = options;
        _azurite = azurite;
        _work = work;
        _source = source;
        _small = small;
    }

    private long Size => _options.SizeMiB * 1024L * 1024;

    public static async Task<UploadBench> CreateAsync(BenchOptions options)
    {
        var work = Directory.CreateTempSubdirectory("mediagrpc-bench-upload-").FullName;
        var source = Path.Combine(work, "source.bin");
        var small = Path.Combine(work, "small.bin");
        await WriteRandomFileAsync(source, options.SizeMiB * 1024L * 1024);
        await WriteRandomFileAsync(small, options.MemoryUploadMiB * 1024L * 1024);
        var azurite = options.Includes(BenchOptions.Azure)
            ? await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(30), CancellationToken.None)
            : null;
        return new UploadBench(options, azurite, work, source, small);
    }

    public async Task<string> RunAsync()
    {
        // Each pair's rows alternate run by run after a warm-up round
        // (Measurements.InterleavedMediansAsync), so the ratios compare warm code run under
        // the same load.
        (double Direct, double Service)? azure = null;
        string? azureCpu = null;
        if (_azurite is not null)
        {
            var connection = AzuriteDevelopmentAccount.ConnectionString(_azurite.BlobEndpoint);

            // One SDK client for every direct run, as the service keeps one.
            var direct = AzureBlobServiceClientFactory.Create(new AzureBlobStoreOptions { ConnectionString = connection })
                .GetBlobContainerClient("benchdirect");
            await using var server = await StartServiceAsync(["--Storage:Provider=AzureBlob", $"--Storage:AzureBlob:ConnectionString={connection}", "--Storage:AzureBlob:ContainerName=benchservice"]);
            using var channel = MediaGrpcChannels.ForAddress(server.Address);
            var client = new MediaGrpcClient(channel);
            var cpu = new CpuShares(Size, server.ProcessId, _azurite.TotalProcessorTime);
            var rates = await Measurements.InterleavedMediansAsync(
                _options.Runs,
                Size,
                run => cpu.MeasureAsync("direct ", () => Measurements.TimedAsync(() => PutBlocksDirectAsync(direct, run))),
                _ => cpu.MeasureAsync("service", () => Measurements.TimedAsync(() => client.UploadFileAsync(_source))));
            azure = (rates[0], rates[1]);
            azureCpu = cpu.Report();
        }

        (double Copy, double Service, double Tus)? local = null;
        if (_options.Includes(BenchOptions.Local))
        {
            var store = Path.Combine(_work, "service-store");
            await using var server = await StartServiceAsync([$"--Storage:LocalDisk:RootPath={store}"]);
            using var channel = MediaGrpcChannels.ForAddress(server.Address);
            var client = new MediaGrpcClient(channel);
            var rates = await Measurements.InterleavedMediansAsync(
                _options.Runs,
                Size,
                run => Measurements.TimedAsync(() => CopyFileAsync(run)),
                _ => Measurements.TimedAsync(() => client.UploadFileAsync(_source), () => DeleteStoredMedia(store)),
                TusOnceAsync);
            local = (rates[0], rates[1], rates[2]);
        }

        var memory = new List<(int Uploads, double PerUploadMiB)>();
        if (_options.Includes(BenchOptions.Memory))
        {
            foreach (var uploads in _options.Concurrency)
            {
                memory.Add((uploads, await PeakMemoryPerUploadMiBAsync(uploads)));
            }
        }

        return Report(azure, local, memory) + (azureCpu is null ? "" : Environment.NewLine + azureCpu);
    }

    public async ValueTask DisposeAsync()
    {
        _azurite?.Dispose();
        await Task.Yield();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>
    /// The baseline: the same file staged block by block with Azure.Storage.Blobs straight into
    /// Azurite, each block with its transactional MD5 (computed by the SDK, as a plain SDK user
    /// would; without one Azurite computes CRC64 itself at half speed), then one CommitBlockList.
    /// </summary>
    private async Task PutBlocksDirectAsync(BlobContainerClient container, int run)
    {
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlockBlobClient($"direct-{run}");
        var stage = new BlockBlobStageBlockOptions
        {
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
        };
        var buffer = new byte[BenchOptions.BlockSize];
        var ids = new List<string>();
        await using var file = File.OpenRead(_source);
        for (var offset = 0L; offset < Size; offset += BenchOptions.BlockSize)
        {
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
            var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(offset.ToString("D20", CultureInfo.InvariantCulture)));
            using var block = new MemoryStream(buffer, 0, read, writable: false);
            await blob.StageBlockAsync(id, block, stage);
            ids.Add(id);
        }

        await blob.CommitBlockListAsync(ids);
    }

    private Task<ServerProcess> StartServiceAsync(string[] serverArguments)
    {
        // The benchmark's media may exceed the default 200 MiB limit.
        string[] arguments = [.. serverArguments, $"--Media:MaxMediaSize={Size}"];
        return ServerProcess.StartAsync(FreePort.Next(), _work, arguments);
    }

    /// <summary>
    /// Removes the media bytes the service stored (<c>ttl-*/media/</c>) after each run, as the tus
    /// row removes its store folder and the copy row its file. Otherwise only the service writes
    /// each run into page-cache memory never used before, which on this VM costs several times
    /// the CPU of reusing freed pages (measured 0.4-0.7 vs 0.07 CPU-s per 256 MiB written).
    /// </summary>
    private static void DeleteStoredMedia(string storeRoot)
    {
        foreach (var media in Directory.GetDirectories(storeRoot, "media", SearchOption.AllDirectories))
        {
            Directory.Delete(media, recursive: true);
        }
    }

    private async Task CopyFileAsync(int run)
    {
        var target = Path.Combine(_work, $"copy-{run}.bin");
        await using (var input = File.OpenRead(_source))
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            await input.CopyToAsync(output, BenchOptions.BlockSize);
            output.Flush(flushToDisk: true);
        }

        File.Delete(target);
    }

    /// <summary>One tus-js-client upload into a fresh tus-node-server file store; the seconds the upload took, as the script measures it.</summary>
    private async Task<double> TusOnceAsync(int run)
    {
        var store = Directory.CreateDirectory(Path.Combine(_work, $"tus-{run}")).FullName;
        var script = Path.Combine(RepositoryPaths.Root, "bench", "upload", "tus-upload.js");
        var result = await CommandRunner.RunAsync("node", [script, "--file", _source, "--dir", store, "--chunk", BenchOptions.BlockSize.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("tus upload failed: " + result);
        }

        using var json = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        Directory.Delete(store, recursive: true);
        return json.RootElement.GetProperty("seconds").GetDouble();
    }

    /// <summary>(Peak resident memory during N concurrent uploads − resident memory before) / N.</summary>
    private async Task<double> PeakMemoryPerUploadMiBAsync(int uploads)
    {
        var root = Path.Combine(_work, $"memory-{uploads}");
        // One owner runs them all: lift the per-owner transfer limit (default 9) for this measure.
        await using var server = await ServerProcess.StartAsync(
            FreePort.Next(), _work, $"--Storage:LocalDisk:RootPath={root}", $"--Transfers:MaxConcurrentPerOwner={uploads}");
        using var channel = MediaGrpcChannels.ForAddress(server.Address);
        var client = new MediaGrpcClient(channel);
        await client.UploadFileAsync(_small);
        GC.Collect();
        await Task.Delay(500);
        var before = Measurements.ProcessStatusKiB(server.ProcessId, "VmRSS");
        await Task.WhenAll(Enumerable.Range(0, uploads).Select(_ => client.UploadFileAsync(_small)));
        var peak = Measurements.ProcessStatusKiB(server.ProcessId, "VmHWM");
        return Math.Max(0, peak - before) / 1024.0 / uploads;
    }

    private string Report(
        (double Direct, double Service)? azure,
        (double Copy, double Service, double Tus)? local,
        List<(int Uploads, double PerUploadMiB)> memory)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Upload of {_options.SizeMiB} MiB, median of {_options.Runs} runs, block size {BenchOptions.BlockSize / 1024 / 1024} MiB, {Environment.ProcessorCount} cores");
        text.AppendLine();
        if (azure is not null || local is not null)
        {
            text.AppendLine("| path | MiB/s | ratio |");
            text.AppendLine("|---|---:|---:|");
        }

        if (azure is { } a)
        {
            text.AppendLine(c, $"| SDK StageBlock (MD5) + CommitBlockList straight into Azurite (baseline) | {a.Direct:F1} | 1.00 |");
            text.AppendLine(c, $"| through the service into Azurite | {a.Service:F1} | {a.Service / a.Direct:F2} |");
        }

        if (local is { } l)
        {
            text.AppendLine(c, $"| plain file copy + fsync (baseline) | {l.Copy:F1} | 1.00 |");
            text.AppendLine(c, $"| through the service onto local disk | {l.Service:F1} | {l.Service / l.Copy:F2} |");
            text.AppendLine(c, $"| tus-node-server (file store), tus-js-client | {l.Tus:F1} | {l.Tus / l.Copy:F2} |");
            text.AppendLine(c, $"| service local disk vs tus-node-server | | {l.Service / l.Tus:F2} |");
        }

        if (memory.Count == 0)
        {
            return text.ToString();
        }

        text.AppendLine();
        text.AppendLine(c, $"Peak server memory per concurrent upload of {_options.MemoryUploadMiB} MiB (block = {BenchOptions.BlockSize / 1024 / 1024} MiB):");
        text.AppendLine();
        text.AppendLine("| concurrent uploads | MiB per upload | blocks per upload |");
        text.AppendLine("|---:|---:|---:|");
        foreach (var (uploads, perUpload) in memory)
        {
            text.AppendLine(c, $"| {uploads} | {perUpload:F1} | {perUpload / (BenchOptions.BlockSize / 1024.0 / 1024.0):F2} |");
        }

        return text.ToString();
    }

    private static async Task WriteRandomFileAsync(string path, long size)
    {
        var buffer = new byte[BenchOptions.BlockSize];
        var random = new Random(4);
        await using var file = File.Create(path);
        for (var written = 0L; written < size; written += buffer.Length)
        {
            random.NextBytes(buffer);
            await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - written)));
        }
    }
}
