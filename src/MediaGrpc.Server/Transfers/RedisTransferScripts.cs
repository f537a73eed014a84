using MediaGrpc.Redis;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// The Lua scripts of <see cref="RedisTransferRegistry"/>. Each runs atomically on the
/// server, which is what makes the per-owner limit hold across replicas. Time comes from
/// the Redis server (TIME), so replicas with skewed clocks still agree on expiry.
/// </summary>
/// <remarks>
/// Keys: KEYS[1] is the owner's sorted set (member: transfer ID, score: heartbeat expiry in
/// Unix milliseconds), KEYS[2] the transfer's record (8-byte sequence + Transfer message).
/// </remarks>
internal static class RedisTransferScripts
{
    private const string Now = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) ";

    /// <summary>ARGV: id, ttl ms, limit, record. Returns 1 when registered, 0 at the limit.</summary>
    public static readonly RedisScript Begin = new(Now + """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
          return 0
        end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2])
        return 1
        """);

    /// <summary>
    /// ARGV: id, ttl ms, record. Renews a running transfer, or registers it again when Redis
    /// lost it; leaves an ended one (record present, no slot) alone. Returns 1 when stored.
    /// </summary>
    public static readonly RedisScript Refresh = new(Now + """
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('EXISTS', KEYS[2]) == 1 then
          return 0
        end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
        return 1
        """);

    /// <summary>ARGV: id, retention ms, record. Frees the slot and keeps the final record.</summary>
    public static readonly RedisScript End = new("""
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
        return 1
        """);

    /// <summary>KEYS[1]: owner set; ARGV: record key prefix. Returns the records of live slots.</summary>
    public static readonly RedisScript List = new(Now + """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')
        local records = {}
        for _, id in ipairs(ids) do
          local record = redis.call('GET', ARGV[1] .. id)
          if record then records[#records + 1] = record end
        end
        return records
        """);
}
