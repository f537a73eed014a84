using System.Diagnostics;
using System.Globalization;

namespace MediaGrpc.Bench.Upload;

/// <summary>Timing and memory helpers.</summary>
internal static class Measurements
{
    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="runs"/> times; the median throughput in MiB/s.
    /// <paramref name="afterRun"/>, when given, runs after each timed run, untimed.
    /// </summary>
    public static async Task<double> MedianMiBPerSecondAsync(int runs, long bytes, Func<int, Task> action, Action<int>? afterRun = null)
    {
        var rates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            await action(run);
            rates.Add(bytes / (1024.0 * 1024.0) / watch.Elapsed.TotalSeconds);
            afterRun?.Invoke(run);
        }

        rates.Sort();
        return rates[rates.Count / 2];
    }

    /// <summary>A value of /proc/PID/status in KiB (VmRSS: resident now; VmHWM: resident peak).</summary>
    public static long ProcessStatusKiB(int processId, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var digits = new string(line.Where(char.IsAsciiDigit).ToArray());
                return long.Parse(digits, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{field} not found for process {processId}.");
    }
}
