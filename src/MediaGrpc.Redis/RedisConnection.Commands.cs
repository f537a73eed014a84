namespace MediaGrpc.Redis;

// Typed wrappers for the handful of commands the service uses. Anything else goes through
// ExecuteAsync; a wrapper earns its place when callers would otherwise repeat reply parsing.
public sealed partial class RedisConnection
{
    /// <summary>Sends PING and returns the round-trip time.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        await ExecuteAsync("PING", cancellationToken);
        return _timeProvider.GetElapsedTime(started);
    }

    /// <summary>GET: the value of <paramref name="key"/>, or null when the key does not exist.</summary>
    /// <exception cref="RedisServerException">WRONGTYPE: the key holds a non-string value.</exception>
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync("GET", [key], cancellationToken);
        return reply.GetBytesOrNull();
    }

    /// <summary>GET, decoded as UTF-8: the value of <paramref name="key"/>, or null when the key does not exist.</summary>
    public async Task<string?> GetStringAsync(string key, CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync("GET", [key], cancellationToken);
        return reply.AsString();
    }

    /// <summary>SET, with an optional time to live (sent as PX, whole milliseconds rounded up).</summary>
    public Task SetAsync(string key, RedisArgument value, TimeSpan? expiry = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync("SET", SetArguments(key, value, expiry, ifNotExists: false), cancellationToken);

    /// <summary>SET … NX: stores the value only when the key does not exist yet.</summary>
    /// <returns>True when this call stored the value; false when the key already existed.</returns>
    public async Task<bool> SetIfNotExistsAsync(string key, RedisArgument value, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync("SET", SetArguments(key, value, expiry, ifNotExists: true), cancellationToken);
        return !reply.IsNull;
    }

    /// <summary>DEL of one key.</summary>
    /// <returns>True when the key existed and was removed.</returns>
    public async Task<bool> DelAsync(string key, CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync("DEL", [key], cancellationToken);
        return reply.AsInt64() > 0;
    }

    /// <summary>INCRBY: adds <paramref name="increment"/> to the integer at <paramref name="key"/> (0 when missing).</summary>
    /// <returns>The value after the increment.</returns>
    /// <exception cref="RedisServerException">The value is not an integer or would overflow.</exception>
    public async Task<long> IncrByAsync(string key, long increment = 1, CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync("INCRBY", [key, increment], cancellationToken);
        return reply.AsInt64();
    }

    /// <summary>PEXPIRE: sets the time to live of <paramref name="key"/> (whole milliseconds rounded up).</summary>
    /// <returns>True when the key exists and now expires; false when it does not exist.</returns>
    public async Task<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync("PEXPIRE", [key, ToMilliseconds(expiry)], cancellationToken);
        return reply.AsBoolean();
    }

    private static RedisArgument[] SetArguments(string key, RedisArgument value, TimeSpan? expiry, bool ifNotExists) =>
        (expiry, ifNotExists) switch
        {
            (null, false) => [key, value],
            (null, true) => [key, value, "NX"],
            ({ } ttl, false) => [key, value, "PX", ToMilliseconds(ttl)],
            ({ } ttl, true) => [key, value, "NX", "PX", ToMilliseconds(ttl)],
        };

    // Rounded up so a sub-millisecond expiry still expires rather than being rejected as 0.
    private static long ToMilliseconds(TimeSpan expiry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiry, TimeSpan.Zero);
        return (long)Math.Ceiling(expiry.TotalMilliseconds);
    }
}
