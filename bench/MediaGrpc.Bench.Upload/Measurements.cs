using System.Diagnostics;
using System.Globalization;

namespace MediaGrpc.Bench.Upload;

/// <summary>Timing and memory helpers.</summary>
internal static class Measurements
{
    /// <summary>
    /// Runs every contender once per round, for <paramref name="runs"/> rounds after one
    /// untimed warm-up round, so that each sees the same machine (a neighbour's burst then
    /// hits all of them, not one row) and none is timed while tiered JIT still recompiles its
    /// hot paths; the median throughput of each, in MiB/s, in the contenders' order. A
    /// contender gets the round number (0 for the warm-up) and returns the seconds its run
    /// took (see <see cref="TimedAsync"/>).
    /// </summary>
    public static async Task<double[]> InterleavedMediansAsync(int runs, long bytes, params Func<int, Task<double>>[] contenders)
    {
        var rates = new List<double>[contenders.Length];
        for (var i = 0; i < contenders.Length; i++)
        {
            rates[i] = [];
        }

        for (var round = 0; round <= runs; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                var seconds = await contenders[i](round);
                if (round > 0)
                {
                    rates[i].Add(bytes / (1024.0 * 1024.0) / seconds);
                }
            }
        }

        var medians = new double[contenders.Length];
        for (var i = 0; i < contenders.Length; i++)
        {
            rates[i].Sort();
            medians[i] = rates[i][rates[i].Count / 2];
        }

        return medians;
    }

    /// <summary>The seconds <paramref name="action"/> takes; <paramref name="afterRun"/>, when given, runs after it, untimed.</summary>
    public static async Task<double> TimedAsync(Func<Task> action, Action? afterRun = null)
    {
        var watch = Stopwatch.StartNew();
        await action();
        var seconds = watch.Elapsed.TotalSeconds;
        afterRun?.Invoke();
        return seconds;
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
