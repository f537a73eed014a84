using StackExchange.Redis;

namespace MediaGrpc.Server.Transfers.Redis;

/// <summary>
/// The Lua scripts of <see cref="RedisTransferRegistry"/>, prepared once. Each runs
/// atomically on the server, which is what makes the per-owner limit and the writer lease
/// hold across replicas; each touches only keys of one owner, hence one hash slot
/// (<see cref="RedisTransferKeys"/>), so it runs unchanged on Redis Cluster. Time comes from
/// the Redis server (TIME), so replicas with skewed clocks still agree on expiry.
/// </summary>
/// <remarks>
/// Parameters (<see cref="ScriptParameters"/>): <c>@Slots</c> the owner's sorted set
/// (member: transfer ID, score: heartbeat expiry in Unix ms), <c>@Record</c> the transfer's
/// record (8-byte sequence + Transfer message), <c>@Writer</c> an upload's writer lease
/// (value: the holder, expiring with its heartbeat). Scripts come in two variants: the
/// upload one also takes, renews or releases the writer lease, the download one has none.
/// </remarks>
internal static class RedisTransferScripts
{
    private const string Now = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

    // Begin: the lease is checked first, so a second writer is refused as such even at the limit.
    private const string BeginLeaseCheck = """
        local writer = redis.call('GET', @Writer)
        if writer and writer ~= @Id then return -1 end

        """;

    private const string BeginSlot = """
        redis.call('ZREMRANGEBYSCORE', @Slots, '-inf', now)
        if not redis.call('ZSCORE', @Slots, @Id) and redis.call('ZCARD', @Slots) >= tonumber(@Limit) then
          return 0
        end
        redis.call('ZADD', @Slots, now + tonumber(@Ttl), @Id)
        redis.call('PEXPIRE', @Slots, @Ttl)
        redis.call('SET', @Record, @Data, 'PX', @Ttl)

        """;

    private const string BeginLeaseTake = "redis.call('SET', @Writer, @Id, 'PX', @Ttl)\n";

    // Refresh leaves an ended transfer (record present, no slot) alone.
    private const string RefreshSlot = """
        if not redis.call('ZSCORE', @Slots, @Id) and redis.call('EXISTS', @Record) == 1 then
          return 0
        end
        redis.call('ZADD', @Slots, now + tonumber(@Ttl), @Id)
        redis.call('PEXPIRE', @Slots, @Ttl)
        redis.call('SET', @Record, @Data, 'PX', @Ttl)

        """;

    // Renews the lease, or takes it back when free, but never from another holder.
    private const string RefreshLease = """
        local writer = redis.call('GET', @Writer)
        if writer and writer ~= @Id then return -1 end
        redis.call('SET', @Writer, @Id, 'PX', @Ttl)

        """;

    private const string EndSlot = """
        redis.call('ZREM', @Slots, @Id)
        redis.call('SET', @Record, @Data, 'PX', @Ttl)

        """;

    // Compare-and-delete: a holder whose lease lapsed and passed on cannot release the next holder's.
    private const string EndLease = "if redis.call('GET', @Writer) == @Id then redis.call('DEL', @Writer) end\n";

    /// <summary>Returns 1 when registered (and, for an upload, the writer lease taken), 0 at the limit, -1 when another transfer holds the writer lease.</summary>
    public static readonly LuaScript BeginUpload = LuaScript.Prepare(Now + BeginLeaseCheck + BeginSlot + BeginLeaseTake + "return 1");

    /// <inheritdoc cref="BeginUpload"/>
    public static readonly LuaScript BeginDownload = LuaScript.Prepare(Now + BeginSlot + "return 1");

    /// <summary>
    /// Renews a running transfer, or registers it again when Redis lost it (no limit check).
    /// Returns 1 when stored, 0 when the transfer had ended, -1 when another transfer holds
    /// the upload's writer lease (the transfer itself is still renewed: its stream still runs).
    /// </summary>
    public static readonly LuaScript RefreshUpload = LuaScript.Prepare(Now + RefreshSlot + RefreshLease + "return 1");

    /// <inheritdoc cref="RefreshUpload"/>
    public static readonly LuaScript RefreshDownload = LuaScript.Prepare(Now + RefreshSlot + "return 1");

    /// <summary>Frees the slot, keeps the final record for <c>@Ttl</c> (the retention), releases the writer lease if still held.</summary>
    public static readonly LuaScript EndUpload = LuaScript.Prepare(EndSlot + EndLease + "return 1");

    /// <inheritdoc cref="EndUpload"/>
    public static readonly LuaScript EndDownload = LuaScript.Prepare(EndSlot + "return 1");

    /// <summary>Takes a writer lease for <c>@Id</c> when free (1), else 0.</summary>
    public static readonly LuaScript HoldWriter = LuaScript.Prepare("""
        if redis.call('SET', @Writer, @Id, 'NX', 'PX', @Ttl) then return 1 end
        return 0
        """);

    /// <summary>Deletes a writer lease only if <c>@Id</c> still holds it.</summary>
    public static readonly LuaScript ReleaseWriter = LuaScript.Prepare(EndLease + "return 1");

    /// <summary>
    /// The records of the owner's live slots. The record keys are built from
    /// <c>@RecordPrefix</c>, not passed: they carry the owner's tag, so they sit in the
    /// slot of <c>@Slots</c>, the node this script runs on.
    /// </summary>
    public static readonly LuaScript List = LuaScript.Prepare(Now + """
        local ids = redis.call('ZRANGEBYSCORE', @Slots, now, '+inf')
        local records = {}
        for _, id in ipairs(ids) do
          local record = redis.call('GET', @RecordPrefix .. id)
          if record then records[#records + 1] = record end
        end
        return records
        """);

    /// <summary>The values every script draws its <c>@</c> parameters from; a script takes only those it names.</summary>
    internal sealed class ScriptParameters
    {
        public RedisKey Slots { get; init; }

        public RedisKey Record { get; init; }

        public RedisKey Writer { get; init; }

        public RedisValue Id { get; init; }

        public long Ttl { get; init; }

        public long Limit { get; init; }

        public RedisValue Data { get; init; }

        public string RecordPrefix { get; init; } = string.Empty;
    }
}
