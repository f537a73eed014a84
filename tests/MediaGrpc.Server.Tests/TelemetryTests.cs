using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Telemetry;
using MediaGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>What an operator sees: the Prometheus endpoint during an upload, and the upload's trace.</summary>
/// <remarks>
/// OpenTelemetry listens to meters and activity sources by name, process-wide: other tests'
/// servers in this process would count too, so this class runs alone.
/// </remarks>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests : IDisposable
{
    private const int BlockSize = 1024 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-telemetry-" + Guid.NewGuid().ToString("N"));

    [Fact(Timeout = 120_000)]
    public async Task Prometheus_endpoint_shows_upload_bytes_and_active_transfers_rising_during_an_upload()
    {
        var metricsPort = FreePort.Next();
        var configuration = MediaServerHost.LocalDisk(_root);
        configuration["Metrics:Urls"] = $"http://127.0.0.1:{metricsPort}";
        configuration["Media:BlockSize"] = BlockSize.ToString(CultureInfo.InvariantCulture);
        await using var host = await MediaServerHost.StartAsync(configuration);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        var (channel, client) = host.CreateClient(new Client.MediaGrpcClientOptions { UploadChunkSize = BlockSize });
        using (channel)
        using (var content = new GatedStream(new byte[3 * BlockSize]))
        {
            var persisted = 0L;
            var progress = new SyncProgress<long>(offset => Interlocked.Exchange(ref persisted, offset));
            var upload = client.UploadAsync(content, new MediaSpec { DisplayName = "metrics.bin", DeclaredSize = 3 * BlockSize }, progress: progress);

            // Scrapes are cached briefly (the exporter's default): wait for a fresh one.
            content.Release(BlockSize);
            await WaitUntilAsync(() => Interlocked.Read(ref persisted) >= BlockSize);
            await WaitUntilAsync(async () => Value(await ScrapeAsync(http), "mediagrpc_upload_persisted_bytes_total") >= BlockSize);
            Assert.Equal(1, Value(await ScrapeAsync(http), "mediagrpc_transfer_active", "kind=\"upload\""));

            content.Release(BlockSize);
            await WaitUntilAsync(() => Interlocked.Read(ref persisted) >= 2 * BlockSize);
            await WaitUntilAsync(async () => Value(await ScrapeAsync(http), "mediagrpc_upload_persisted_bytes_total") >= 2 * BlockSize);
            Assert.Equal(1, Value(await ScrapeAsync(http), "mediagrpc_transfer_active", "kind=\"upload\""));

            content.Release(BlockSize);
            await upload;
        }

        await WaitUntilAsync(async () => await ScrapeAsync(http) is var after
            && Value(after, "mediagrpc_transfer_active", "kind=\"upload\"") == 0
            && Value(after, "mediagrpc_transfer_ended_total", "outcome=\"completed\"") == 1
            && Value(after, "mediagrpc_upload_persisted_bytes_total") == 3 * BlockSize);
    }

    [Fact(Timeout = 120_000)]
    public async Task Each_upload_is_one_trace_with_the_grpc_server_span_and_the_store_spans_as_its_children()
    {
        var spans = new List<Activity>();
        var configuration = MediaServerHost.LocalDisk(_root);
        configuration["Telemetry:Enabled"] = "true";
        configuration["Media:BlockSize"] = BlockSize.ToString(CultureInfo.InvariantCulture);
        await using var host = await MediaServerHost.StartAsync(
            configuration,
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var (channel, client) = host.CreateClient();
        Client.UploadResult[] uploads;
        using (channel)
        {
            uploads =
            [
                await client.UploadAsync(new MemoryStream(new byte[(2 * BlockSize) + 10]), new MediaSpec { DisplayName = "a.bin" }),
                await client.UploadAsync(new MemoryStream(new byte[BlockSize + 10]), new MediaSpec { DisplayName = "b.bin" }),
            ];
        }

        // Listeners are process-wide: other tests' calls may be traced too, so spans are found from ours.
        Activity? ServerOf(Client.UploadResult upload) => Snapshot(spans)
            .Where(s => s.OperationName == "upload commit" && (string?)s.GetTagItem(ServerTracing.UploadIdTag) == upload.UploadId)
            .Select(commit => Snapshot(spans).FirstOrDefault(s => s.SpanId == commit.ParentSpanId))
            .FirstOrDefault();
        await WaitUntilAsync(() => uploads.All(u => ServerOf(u) is not null), () => string.Join(", ", Snapshot(spans).Select(s => $"{s.Kind} {s.DisplayName}")));

        var servers = uploads.Select(u => ServerOf(u)!).ToArray();
        Assert.All(servers, server => Assert.True(IsUploadCall(server), server.DisplayName));
        Assert.Equal(2, servers.Select(s => s.TraceId).Distinct().Count());
        foreach (var (upload, server) in uploads.Zip(servers))
        {
            Assert.Equal(upload.UploadId, server.GetTagItem(ServerTracing.UploadIdTag));
            var commit = Assert.Single(Snapshot(spans), s => s.OperationName == "upload commit" && s.TraceId == server.TraceId);
            Assert.Equal(upload.Media.MediaId, commit.GetTagItem(ServerTracing.MediaIdTag));

            // Full blocks are staged during the call; the last one by the commit's flush.
            var stages = Snapshot(spans).Where(s => s.TraceId == server.TraceId && s.OperationName == "blob stage_block").ToArray();
            Assert.NotEmpty(stages);
            Assert.All(stages, stage => Assert.Contains(stage.ParentSpanId, new[] { server.SpanId, commit.SpanId }));
            Assert.Contains(Snapshot(spans), s => s.TraceId == server.TraceId && s.OperationName == "blob commit" && s.ParentSpanId == commit.SpanId);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_an_exporter_no_telemetry_provider_runs()
    {
        await using var host = await MediaServerHost.StartAsync(MediaServerHost.LocalDisk(_root));

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static bool IsUploadCall(Activity span) =>
        span.Kind == ActivityKind.Server && span.DisplayName.Contains("mediagrpc.v1.UploadService/Upload", StringComparison.Ordinal);

    private static Activity[] Snapshot(List<Activity> spans)
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    private static async Task<string> ScrapeAsync(HttpClient http) => await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>The value of a sample whose labels include <paramref name="label"/> (summed over the rest), 0 when absent.</summary>
    private static double Value(string exposition, string name, string? label = null)
    {
        var total = 0.0;
        foreach (Match match in Regex.Matches(exposition, "^" + Regex.Escape(name) + @"(\{[^}]*\})? (\S+)", RegexOptions.Multiline))
        {
            if (label is null || match.Groups[1].Value.Contains(label, StringComparison.Ordinal))
            {
                total += double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    private static Task WaitUntilAsync(Func<bool> condition, Func<string>? describe = null) => WaitUntilAsync(() => Task.FromResult(condition()), describe);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not reached within 30 s. " + describe?.Invoke());
            await Task.Delay(20);
        }
    }
}

/// <summary>Runs <see cref="TelemetryTests"/> with no other test class beside it.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;
