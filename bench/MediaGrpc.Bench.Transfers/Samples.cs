using System.Globalization;

namespace MediaGrpc.Bench.Transfers;

/// <summary>Latency samples in milliseconds, summarised as percentiles.</summary>
internal sealed class Samples(string name)
{
    private readonly List<double> _values = [];

    public void Add(double milliseconds) => _values.Add(milliseconds);

    public double Percentile(double p)
    {
        var sorted = _values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0,-44} n={1,5}  p50={2,8:F3} ms  p90={3,8:F3} ms  p99={4,8:F3} ms  max={5,8:F3} ms",
        name,
        _values.Count,
        Percentile(50),
        Percentile(90),
        Percentile(99),
        _values.Max());
}
