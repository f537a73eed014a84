namespace MediaGrpc.Cli.Output;

/// <summary>
/// The latest progress of one transfer, written by the SDK's callbacks on any thread and
/// read by the display: a plain snapshot, no queueing of every report.
/// </summary>
internal sealed class ProgressSource : IProgress<long>
{
    private long _done;
    private long _total;
    private long _first = -1;

    /// <summary>Bytes done (for uploads: the persisted offset).</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Bytes in all; 0 while unknown.</summary>
    public long Total
    {
        get => Interlocked.Read(ref _total);
        set => Interlocked.Exchange(ref _total, value);
    }

    /// <summary>The first value reported (where a resumed transfer started); -1 before any.</summary>
    public long First => Interlocked.Read(ref _first);

    public void Report(long value)
    {
        Interlocked.CompareExchange(ref _first, value, -1);
        Interlocked.Exchange(ref _done, value);
    }
}
