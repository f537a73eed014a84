namespace MediaGrpc.Testing;

/// <summary>
/// The system clock, moved forward on demand: lets a test see a server days later (TTL
/// expiry, abandoned uploads) without sleeping, while timers still run in real time.
/// </summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Moves the clock forward by <paramref name="delta"/>.</summary>
    public void Advance(TimeSpan delta) => Interlocked.Add(ref _offsetTicks, delta.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
