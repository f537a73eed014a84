using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MediaGrpc.Bench.Upload;

/// <summary>
/// CPU time each process of a path spent per MiB moved, median over the runs: this process (the
/// client, or the direct SDK), the server and Azurite. On a 2-core machine the three share the
/// cores, so their sum bounds the rate and varies far less with other load than MiB/s does.
/// </summary>
internal sealed class CpuShares(long bytes, int serverProcessId, Func<TimeSpan> azuriteCpu)
{
    private readonly Dictionary<string, List<(double Client, double Server, double Azurite)>> _runs = [];

    /// <summary>Times <paramref name="run"/> (seconds, as <see cref="Measurements.TimedAsync"/>) and records what each process spent meanwhile under <paramref name="path"/>.</summary>
    public async Task<double> MeasureAsync(string path, Func<Task<double>> run)
    {
        var before = Snapshot();
        var seconds = await run();
        var after = Snapshot();
        var mib = bytes / 1024.0 / 1024.0;
        if (!_runs.TryGetValue(path, out var runs))
        {
            _runs[path] = runs = [];
        }

        runs.Add(((after.Client - before.Client).TotalMilliseconds / mib, (after.Server - before.Server).TotalMilliseconds / mib, (after.Azurite - before.Azurite).TotalMilliseconds / mib));
        return seconds;
    }

    /// <summary>One line per path: medians of each process's CPU ms/MiB and of their per-run sum (the warm-up run left out).</summary>
    public string Report()
    {
        var text = new StringBuilder();
        foreach (var (path, all) in _runs)
        {
            var runs = all.Skip(1).ToArray();
            text.AppendLine(CultureInfo.InvariantCulture, $"CPU ms/MiB, median of runs, {path}: this process {Median(runs, r => r.Client):F2} + server {Median(runs, r => r.Server):F2} + Azurite {Median(runs, r => r.Azurite):F2} = {Median(runs, r => r.Client + r.Server + r.Azurite):F2}");
        }

        return text.ToString();
    }

    private (TimeSpan Client, TimeSpan Server, TimeSpan Azurite) Snapshot()
    {
        using var server = Process.GetProcessById(serverProcessId);
        return (Process.GetCurrentProcess().TotalProcessorTime, server.TotalProcessorTime, azuriteCpu());
    }

    private static double Median<T>(IReadOnlyList<T> runs, Func<T, double> figure)
    {
        var sorted = runs.Select(figure).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
