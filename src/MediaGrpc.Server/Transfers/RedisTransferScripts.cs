using MediaGrpc.Redis;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// The Lua scripts of <see cref="RedisTransferRegistry"/>. Each runs atomically on the
/// server, which is what makes the per-owner limit hold across replicas. Time comes from
/// the Redis server (TIME), so replicas with skewed clocks still agree on expiry.
/// </summary>
/// <remarks>
/// Keys: KEYS[1] is the owner's sorted set (member: transfer ID, score: heartbeat expiry in
/// Unix milliseconds), KEYS[2] the transfer's record (8-byte sequence + Transfer message),
/// and for an upload transfer KEYS[3] the upload's writer lease (value: the holder's
/// transfer ID, expiring with its heartbeat). Download transfers pass two keys; KEYS[3] is
/// then nil and the lease steps are skipped.
/// </remarks>
internal static class RedisTransferScripts
{
    private const string Now = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) ";

    /// <summary>
    /// ARGV: id, ttl ms, limit, record. Returns 1 when registered (and, for an upload, the
    /// writer lease taken), 0 at the limit, -1 when another transfer holds the writer lease.
    /// The lease is checked first: a second writer is refused as such even at the limit.
    /// </summary>
    public static readonly RedisScript Begin = new(Now + """
        if KEYS[3] then
          local writer = redis.call('GET', KEYS[3])
          if writer and writer ~= ARGV[1] then return -1 end
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
          return 0
        end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2])
        if KEYS[3] then redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2]) end
        return 1
        """);

    /// <summary>
    /// ARGV: id, ttl ms, record. Renews a running transfer, or registers it again when Redis
    /// lost it; leaves an ended one (record present, no slot) alone. Renews the writer lease,
    /// or takes it back when it is free, but never from another holder: then returns -1 (the
    /// transfer itself is still renewed, since its stream still runs). Else 1 when stored, 0
    /// when ended.
    /// </summary>
    public static readonly RedisScript Refresh = new(Now + """
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('EXISTS', KEYS[2]) == 1 then
          return 0
        end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
        if KEYS[3] then
          local writer = redis.call('GET', KEYS[3])
          if writer and writer ~= ARGV[1] then return -1 end
          redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
        end
        return 1
        """);

    /// <summary>
    /// ARGV: id, retention ms, record. Frees the slot and keeps the final record; releases
    /// the writer lease only if this transfer still holds it (compare-and-delete), so a holder
    /// whose lease lapsed and passed on cannot release the next holder's.
    /// </summary>
    public static readonly RedisScript End = new("""
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
        if KEYS[3] and redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
        return 1
        """);

    /// <summary>KEYS[1]: an upload's writer lease; ARGV: holder, ttl ms. Takes it when free (1), else 0.</summary>
    public static readonly RedisScript HoldWriter = new("""
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        return 0
        """);

    /// <summary>KEYS[1]: an upload's writer lease; ARGV: holder. Deletes it only if the holder still has it.</summary>
    public static readonly RedisScript ReleaseWriter = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
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
