using Google.Protobuf;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// The registry shared by replicas: records, per-owner slots and upload writer leases in
/// Redis (see <see cref="RedisTransferScripts"/>), progress on one pub/sub channel per transfer, and
/// control on one channel per replica.
/// </summary>
/// <remarks>
/// Commands go through a reconnecting <see cref="RedisClient"/>: while Redis is down they
/// fail fast and the caller decides how to degrade. Subscriptions live on a separate
/// <see cref="RedisSubscriber"/> that renews them after a reconnect and then reports a gap
/// to every watcher, since pub/sub dropped whatever was published meanwhile.
/// </remarks>
internal sealed class RedisTransferRegistry : ITransferRegistry
{
    private readonly TransferOptions _options;
    private readonly RedisClient _client;
    private readonly RedisSubscriber _subscriber;
    private readonly string _recordPrefix;
    private readonly string _ownerPrefix;
    private readonly string _writerPrefix;
    private readonly string _progressPrefix;
    private readonly string _controlPrefix;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Watcher>> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action<TransferControlMessage>> _controlHandlers = new(StringComparer.Ordinal);

    public RedisTransferRegistry(IOptions<TransferOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _options = options.Value;
        var prefix = _options.KeyPrefix;
        _recordPrefix = prefix + "transfer:";
        _ownerPrefix = prefix + "owner:";
        _writerPrefix = prefix + "writer:";
        _progressPrefix = prefix + "progress:";
        _controlPrefix = prefix + "control:";
        _client = new RedisClient(_options.Redis, loggerFactory.CreateLogger<RedisClient>(), timeProvider);
        _subscriber = new RedisSubscriber(_options.Redis, OnMessage, loggerFactory.CreateLogger<RedisSubscriber>(), timeProvider);
        _subscriber.Reconnected += (_, _) => ReportGap();
        _subscriber.Start();
    }

    public async Task<TransferBeginOutcome> BeginAsync(TransferRecord record, int maxPerOwner, CancellationToken cancellationToken)
    {
        var reply = await _client.EvaluateAsync(
            RedisTransferScripts.Begin,
            Keys(record),
            [record.TransferId, Milliseconds(_options.HeartbeatTtl), maxPerOwner, record.ToBytes()],
            cancellationToken);
        return reply.AsInt64() switch
        {
            1 => TransferBeginOutcome.Registered,
            0 => TransferBeginOutcome.OwnerAtLimit,
            _ => TransferBeginOutcome.WriterBusy,
        };
    }

    public async Task<bool> TryHoldWriterLeaseAsync(string uploadId, string holder, CancellationToken cancellationToken)
    {
        var reply = await _client.EvaluateAsync(
            RedisTransferScripts.HoldWriter, [_writerPrefix + uploadId], [holder, Milliseconds(_options.HeartbeatTtl)], cancellationToken);
        return reply.AsInt64() == 1;
    }

    public Task ReleaseWriterLeaseAsync(string uploadId, string holder, CancellationToken cancellationToken) =>
        _client.EvaluateAsync(RedisTransferScripts.ReleaseWriter, [_writerPrefix + uploadId], [holder], cancellationToken);

    public async Task<IReadOnlyList<string>> RefreshAsync(IReadOnlyList<TransferRecord> records, CancellationToken cancellationToken)
    {
        // Sent together: the connection pipelines them.
        var refreshes = new Task<RespValue>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            refreshes[i] = _client.EvaluateAsync(
                RedisTransferScripts.Refresh,
                Keys(record),
                [record.TransferId, Milliseconds(_options.HeartbeatTtl), record.ToBytes()],
                cancellationToken);
        }

        await Task.WhenAll(refreshes);
        List<string>? lostLeases = null;
        for (var i = 0; i < records.Count; i++)
        {
            if ((await refreshes[i]).AsInt64() < 0)
            {
                (lostLeases ??= []).Add(records[i].TransferId);
            }
        }

        return lostLeases ?? [];
    }

    public Task EndAsync(TransferRecord record, CancellationToken cancellationToken) =>
        _client.EvaluateAsync(
            RedisTransferScripts.End,
            Keys(record),
            [record.TransferId, Milliseconds(_options.EndedRetention), record.ToBytes()],
            cancellationToken);

    public async Task<TransferRecord?> GetAsync(string transferId, CancellationToken cancellationToken)
    {
        var reply = await _client.ExecuteAsync("GET", [_recordPrefix + transferId], cancellationToken);
        return reply.IsNull ? null : TransferRecord.FromBytes(reply.Bytes.Span);
    }

    public async Task<IReadOnlyList<TransferRecord>> ListAsync(string owner, CancellationToken cancellationToken)
    {
        var reply = await _client.EvaluateAsync(RedisTransferScripts.List, [_ownerPrefix + owner], [_recordPrefix], cancellationToken);
        var records = new List<TransferRecord>(reply.Items.Count);
        foreach (var item in reply.Items)
        {
            var record = TransferRecord.FromBytes(item.Bytes.Span);
            if (!record.IsEnded)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public Task PublishAsync(TransferProgress progress, CancellationToken cancellationToken) =>
        _client.ExecuteAsync("PUBLISH", [_progressPrefix + progress.TransferId, progress.ToByteArray()], cancellationToken);

    public async Task<IAsyncDisposable> WatchAsync(string transferId, Action<TransferProgress> onEvent, Action onGap, CancellationToken cancellationToken)
    {
        var watcher = new Watcher(this, transferId, onEvent, onGap);
        bool first;
        lock (_lock)
        {
            first = !_watchers.TryGetValue(transferId, out var list);
            if (first)
            {
                list = [];
                _watchers[transferId] = list;
            }

            list!.Add(watcher);
        }

        if (first)
        {
            // False while Redis is down: the subscription is renewed on reconnect, which then
            // reports a gap, so the watcher re-reads the snapshot.
            await WaitForFirstConnectionAsync(cancellationToken);
            await _subscriber.SubscribeAsync(_progressPrefix + transferId, cancellationToken);
        }

        return watcher;
    }

    public async Task<bool> SendControlAsync(string replica, TransferControlMessage message, CancellationToken cancellationToken)
    {
        var receivers = await _client.ExecuteAsync("PUBLISH", [_controlPrefix + replica, message.ToBytes()], cancellationToken);
        return receivers.AsInt64() > 0;
    }

    public async Task ListenForControlAsync(string replica, Action<TransferControlMessage> handler, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _controlHandlers[replica] = handler;
        }

        await WaitForFirstConnectionAsync(cancellationToken);
        await _subscriber.SubscribeAsync(_controlPrefix + replica, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _client.DisposeAsync();
    }

    // Right after start-up the subscriber may still be connecting; a subscription sent then
    // would only be confirmed on connect, and events published meanwhile would be lost.
    // Bounded by the connect timeout: with Redis down, subscriptions wait for the reconnect.
    private async Task WaitForFirstConnectionAsync(CancellationToken cancellationToken) =>
        await _subscriber.WaitConnectedAsync(cancellationToken)
            .WaitAsync(_options.Redis.ConnectTimeout, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    // The owner's slots, the record, and for an upload its writer lease (see RedisTransferScripts).
    private RedisArgument[] Keys(TransferRecord record) => record.WriterOfUpload is { } uploadId
        ? [_ownerPrefix + record.Owner, _recordPrefix + record.TransferId, _writerPrefix + uploadId]
        : [_ownerPrefix + record.Owner, _recordPrefix + record.TransferId];

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private void OnMessage(RedisPubSubMessage message)
    {
        if (message.Channel.StartsWith(_progressPrefix, StringComparison.Ordinal))
        {
            var progress = TransferProgress.Parser.ParseFrom(message.Payload.Span);
            Watcher[] watchers;
            lock (_lock)
            {
                watchers = _watchers.TryGetValue(progress.TransferId, out var list) ? [.. list] : [];
            }

            foreach (var watcher in watchers)
            {
                watcher.OnEvent(progress);
            }
        }
        else if (message.Channel.StartsWith(_controlPrefix, StringComparison.Ordinal)
            && TransferControlMessage.FromBytes(message.Payload.Span) is { } control)
        {
            Action<TransferControlMessage>? handler;
            lock (_lock)
            {
                _controlHandlers.TryGetValue(message.Channel[_controlPrefix.Length..], out handler);
            }

            handler?.Invoke(control);
        }
    }

    private void ReportGap()
    {
        Watcher[] watchers;
        lock (_lock)
        {
            watchers = [.. _watchers.Values.SelectMany(list => list)];
        }

        foreach (var watcher in watchers)
        {
            watcher.OnGap();
        }
    }

    private async ValueTask RemoveAsync(Watcher watcher)
    {
        bool last;
        lock (_lock)
        {
            last = _watchers.TryGetValue(watcher.TransferId, out var list) && list.Remove(watcher) && list.Count == 0;
            if (last)
            {
                _watchers.Remove(watcher.TransferId);
            }
        }

        if (last)
        {
            await _subscriber.UnsubscribeAsync(_progressPrefix + watcher.TransferId, CancellationToken.None);

            // A watcher that arrived while the UNSUBSCRIBE was on its way found no list, so it
            // subscribed itself; but if its SUBSCRIBE went out first, ours undid it. Renew.
            bool rewatched;
            lock (_lock)
            {
                rewatched = _watchers.ContainsKey(watcher.TransferId);
            }

            if (rewatched)
            {
                await _subscriber.SubscribeAsync(_progressPrefix + watcher.TransferId, CancellationToken.None);
            }
        }
    }

    private sealed class Watcher(RedisTransferRegistry registry, string transferId, Action<TransferProgress> onEvent, Action onGap) : IAsyncDisposable
    {
        public string TransferId => transferId;

        public Action<TransferProgress> OnEvent => onEvent;

        public Action OnGap => onGap;

        public ValueTask DisposeAsync() => registry.RemoveAsync(this);
    }
}
