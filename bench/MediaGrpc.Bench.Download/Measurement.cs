using System.Globalization;

namespace MediaGrpc.Bench.Download;

/// <summary>
/// One timed read of the whole media: bytes, time to the first byte, time to the last, the
/// CPU time this process spent meanwhile (server and client for the service path; only the
/// reader for a direct read) and, on Azurite, the CPU time the emulator spent serving it.
/// On a 2-core machine both share the same cores, so their sum per MiB is what bounds the
/// rate, and it varies far less with other load than the rate does. <see cref="Jit"/> is the
/// time the JIT spent compiling meanwhile (any thread of this process, so included in
/// <see cref="Cpu"/>): a path still warming up pays it, a long-running server does not.
/// </summary>
internal readonly record struct Measurement(long Bytes, TimeSpan FirstByte, TimeSpan Total, TimeSpan Cpu, TimeSpan? StoreCpu, TimeSpan Jit)
{
    public double MiBPerSecond => Bytes / 1024.0 / 1024.0 / Total.TotalSeconds;

    /// <summary>This process's CPU milliseconds per MiB.</summary>
    public double CpuPerMiB => Cpu.TotalMilliseconds / MiB;

    /// <summary>The store process's (Azurite's) CPU milliseconds per MiB; null when not measured.</summary>
    public double? StoreCpuPerMiB => StoreCpu is { } store ? store.TotalMilliseconds / MiB : null;

    /// <summary>JIT compilation milliseconds per MiB (part of <see cref="CpuPerMiB"/>).</summary>
    public double JitPerMiB => Jit.TotalMilliseconds / MiB;

    private double MiB => Bytes / 1024.0 / 1024.0;

    public static Measurement Median(IReadOnlyList<Measurement> runs)
    {
        var byRate = runs.OrderBy(r => r.MiBPerSecond).ToArray();
        var byFirstByte = runs.OrderBy(r => r.FirstByte).ToArray();
        var middle = byRate[byRate.Length / 2];
        return middle with { FirstByte = byFirstByte[byFirstByte.Length / 2].FirstByte };
    }

    /// <summary>The median of a per-run figure (CPU per MiB), independent of which run had the median rate.</summary>
    public static double MedianOf(IReadOnlyList<Measurement> runs, Func<Measurement, double> figure)
    {
        var sorted = runs.Select(figure).Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    public override string ToString()
    {
        var store = StoreCpuPerMiB is { } perMiB ? string.Create(CultureInfo.InvariantCulture, $", Azurite {perMiB:F2}") : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{MiBPerSecond,8:F1} MiB/s  ttfb {FirstByte.TotalMilliseconds,7:F2} ms  ({Total.TotalMilliseconds:F0} ms, this process {CpuPerMiB:F2}{store} CPU ms/MiB, JIT {Jit.TotalMilliseconds:F0} ms)");
    }
}
