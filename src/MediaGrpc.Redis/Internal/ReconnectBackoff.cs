namespace MediaGrpc.Redis.Internal;

/// <summary>Exponential backoff with jitter between reconnect attempts, capped at the maximum.</summary>
internal sealed class ReconnectBackoff(TimeSpan minimum, TimeSpan maximum)
{
    private int _failures;

    public void Reset() => _failures = 0;

    /// <summary>The delay before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 16);
        var delay = Math.Min(minimum.TotalMilliseconds * (1 << exponent), maximum.TotalMilliseconds);

        // Jitter keeps replicas that lost the same server from reconnecting in lockstep.
        return TimeSpan.FromMilliseconds(delay * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
