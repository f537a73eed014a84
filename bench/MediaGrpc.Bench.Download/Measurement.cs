using System.Globalization;

namespace MediaGrpc.Bench.Download;

/// <summary>
/// One timed read of the whole media: bytes, time to the first byte, time to the last, and
/// the CPU time this process spent meanwhile (server and client for the service path;
/// only the reader for a direct read; Azurite's own CPU is not included).
/// </summary>
internal readonly record struct Measurement(long Bytes, TimeSpan FirstByte, TimeSpan Total, TimeSpan Cpu)
{
    public double MiBPerSecond => Bytes / 1024.0 / 1024.0 / Total.TotalSeconds;

    public static Measurement Median(IReadOnlyList<Measurement> runs)
    {
        var byRate = runs.OrderBy(r => r.MiBPerSecond).ToArray();
        var byFirstByte = runs.OrderBy(r => r.FirstByte).ToArray();
        var middle = byRate[byRate.Length / 2];
        return middle with { FirstByte = byFirstByte[byFirstByte.Length / 2].FirstByte };
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{MiBPerSecond,8:F1} MiB/s  ttfb {FirstByte.TotalMilliseconds,7:F2} ms  ({Total.TotalMilliseconds:F0} ms, this process {Cpu.TotalMilliseconds / (Bytes / 1024.0 / 1024.0):F2} CPU ms/MiB)");
}
