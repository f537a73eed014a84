using System.Collections.Concurrent;
using Google.Protobuf;
using MediaGrpc.Contracts.V1;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static MediaGrpc.Server.Transfers.Redis.RedisTransferScripts;

namespace MediaGrpc.Server.Transfers.Redis;

/// <summary>
/// The registry shared by replicas, on the process's one <see cref="IConnectionMultiplexer"/>:
/// records, per-owner slots and upload writer leases in Redis (see
/// <see cref="RedisTransferScripts"/> and <see cref="RedisTransferKeys"/>), progress on one
/// channel per transfer, control on one channel per replica.
/// </summary>
/// <remarks>
/// The multiplexer follows one server, a Redis Cluster (commands go to the node owning the
/// key's hash slot) or a Sentinel set (it moves to the new master after a failover). While
/// Redis is away commands fail fast and the caller decides how to degrade; subscriptions are
/// renewed by the multiplexer when a connection comes back, and every watcher then hears of a
/// gap, since pub/sub dropped whatever was published meanwhile. The multiplexer has no
/// cancellation of its own: a cancelled call stops waiting, and the command finishes unseen.
/// </remarks>
internal sealed class RedisTransferRegistry : ITransferRegistry
{
    private readonly TransferOptions _options;
    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _database;
    private readonly ISubscriber _subscriber;
    private readonly RedisTransferKeys _keys;
    private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();

    public RedisTransferRegistry(IConnectionMultiplexer redis, IOptions<TransferOptions> options)
    {
        _options = options.Value;
        _redis = redis;
        _database = redis.GetDatabase();
        _subscriber = redis.GetSubscriber();
        _keys = new RedisTransferKeys(_options.KeyPrefix, _options.Redis.PubSub);
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    public async Task<TransferBeginOutcome> BeginAsync(TransferRecord record, int maxPerOwner, CancellationToken cancellationToken)
    {
        var script = record.WriterOfUpload is null ? BeginDownload : BeginUpload;
        var reply = await Evaluate(script, Parameters(record, Milliseconds(_options.HeartbeatTtl), maxPerOwner), cancellationToken);
        return (long)reply switch
        {
            1 => TransferBeginOutcome.Registered,
            0 => TransferBeginOutcome.OwnerAtLimit,
            _ => TransferBeginOutcome.WriterBusy,
        };
    }

    public async Task<bool> TryHoldWriterLeaseAsync(string owner, string uploadId, string holder, CancellationToken cancellationToken)
    {
        var parameters = new ScriptParameters { Writer = _keys.Writer(owner, uploadId), Id = holder, Ttl = Milliseconds(_options.HeartbeatTtl) };
        return (long)await Evaluate(HoldWriter, parameters, cancellationToken) == 1;
    }

    public Task ReleaseWriterLeaseAsync(string owner, string uploadId, string holder, CancellationToken cancellationToken) =>
        Evaluate(ReleaseWriter, new ScriptParameters { Writer = _keys.Writer(owner, uploadId), Id = holder }, cancellationToken);

    public async Task<IReadOnlyList<string>> RefreshAsync(IReadOnlyList<TransferRecord> records, CancellationToken cancellationToken)
    {
        // Sent together: the multiplexer pipelines them (on a cluster, to each owner's node).
        var ttl = Milliseconds(_options.HeartbeatTtl);
        var refreshes = new Task<RedisResult>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            refreshes[i] = (record.WriterOfUpload is null ? RefreshDownload : RefreshUpload).EvaluateAsync(_database, Parameters(record, ttl));
        }

        await Task.WhenAll(refreshes).WaitAsync(cancellationToken);
        List<string>? lostLeases = null;
        for (var i = 0; i < records.Count; i++)
        {
            if ((long)await refreshes[i] < 0)
            {
                (lostLeases ??= []).Add(records[i].TransferId);
            }
        }

        return lostLeases ?? [];
    }

    public Task EndAsync(TransferRecord record, CancellationToken cancellationToken) =>
        Evaluate(record.WriterOfUpload is null ? EndDownload : EndUpload, Parameters(record, Milliseconds(_options.EndedRetention)), cancellationToken);

    public async Task<TransferRecord?> GetAsync(string owner, string transferId, CancellationToken cancellationToken)
    {
        var value = await _database.StringGetAsync(_keys.Record(owner, transferId)).WaitAsync(cancellationToken);
        return value.IsNull ? null : TransferRecord.FromBytes(((ReadOnlyMemory<byte>)value).Span);
    }

    public async Task<IReadOnlyList<TransferRecord>> ListAsync(string owner, CancellationToken cancellationToken)
    {
        var reply = await Evaluate(List, new ScriptParameters { Slots = _keys.Owner(owner), RecordPrefix = _keys.RecordPrefix(owner) }, cancellationToken);
        var items = (RedisValue[])reply!;
        var records = new List<TransferRecord>(items.Length);
        foreach (var item in items)
        {
            var record = TransferRecord.FromBytes(((ReadOnlyMemory<byte>)item).Span);
            if (!record.IsEnded)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public Task PublishAsync(TransferProgress progress, CancellationToken cancellationToken) =>
        _subscriber.PublishAsync(_keys.Progress(progress.TransferId), progress.ToByteArray()).WaitAsync(cancellationToken);

    public async Task<IAsyncDisposable> WatchAsync(string transferId, Action<TransferProgress> onEvent, Action onGap, CancellationToken cancellationToken)
    {
        // The multiplexer counts the queues of a channel: the first subscribes it on the server,
        // the last one's unsubscribe ends it. A queue hands over its messages in order. A queue
        // whose subscribe fails is lost to us but stays registered, so with Redis away the
        // watch is refused before one is made.
        var channel = _keys.Progress(transferId);
        if (!_subscriber.IsConnected(channel))
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No Redis connection for the transfer's progress channel.");
        }

        var watcher = new Watcher(this, onGap);
        _watchers[watcher] = 0;
        try
        {
            watcher.Queue = await _subscriber.SubscribeAsync(channel).WaitAsync(cancellationToken);
        }
        catch
        {
            _watchers.TryRemove(watcher, out _);
            throw;
        }

        watcher.Queue.OnMessage(message => onEvent(TransferProgress.Parser.ParseFrom(((ReadOnlyMemory<byte>)message.Message).Span)));
        return watcher;
    }

    public async Task<bool> SendControlAsync(string replica, TransferControlMessage message, CancellationToken cancellationToken)
    {
        // Exact with sharded pub/sub, where the slot's node holds every subscriber of the
        // channel; classic PUBLISH on a cluster counts only the receiving node's subscribers.
        var receivers = await _subscriber.PublishAsync(_keys.Control(replica), message.ToBytes()).WaitAsync(cancellationToken);
        return receivers > 0;
    }

    public async Task ListenForControlAsync(string replica, Action<TransferControlMessage> handler, CancellationToken cancellationToken)
    {
        // A handler is registered before the server confirms it, so if Redis is away now the
        // multiplexer subscribes it when it connects. Control messages need no order.
        await _subscriber.SubscribeAsync(_keys.Control(replica), (_, payload) =>
        {
            if (TransferControlMessage.FromBytes(((ReadOnlyMemory<byte>)payload).Span) is { } control)
            {
                handler(control);
            }
        }).WaitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        // The multiplexer belongs to the process (DI), not to the registry.
        _redis.ConnectionRestored -= OnConnectionRestored;
        return ValueTask.CompletedTask;
    }

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private Task<RedisResult> Evaluate(LuaScript script, ScriptParameters parameters, CancellationToken cancellationToken) =>
        script.EvaluateAsync(_database, parameters).WaitAsync(cancellationToken);

    // The owner's slots, the record, and for an upload its writer lease: one hash slot.
    private ScriptParameters Parameters(TransferRecord record, long ttl, int limit = 0) => new()
    {
        Slots = _keys.Owner(record.Owner),
        Record = _keys.Record(record.Owner, record.TransferId),
        Writer = record.WriterOfUpload is { } uploadId ? _keys.Writer(record.Owner, uploadId) : default,
        Id = record.TransferId,
        Ttl = ttl,
        Limit = limit,
        Data = record.ToBytes(),
    };

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        foreach (var watcher in _watchers.Keys)
        {
            watcher.OnGap();
        }
    }

    private sealed class Watcher(RedisTransferRegistry registry, Action onGap) : IAsyncDisposable
    {
        public ChannelMessageQueue? Queue { get; set; }

        public Action OnGap => onGap;

        public async ValueTask DisposeAsync()
        {
            registry._watchers.TryRemove(this, out _);
            if (Queue is { } queue)
            {
                await queue.UnsubscribeAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
