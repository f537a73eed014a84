using MediaGrpc.Contracts.V1;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// The embedded registry: everything in this process, under one lock. Right for a single
/// replica; with several, each would count and see only its own transfers.
/// </summary>
internal sealed class InProcessTransferRegistry(IOptions<TransferOptions> options, TimeProvider timeProvider) : ITransferRegistry
{
    private readonly TransferOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WriterLease> _writers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action<TransferProgress>>> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action<TransferControlMessage>> _controlHandlers = new(StringComparer.Ordinal);

    public Task<TransferBeginOutcome> BeginAsync(TransferRecord record, int maxPerOwner, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            Sweep(now);
            if (WriterLeaseHeldByAnother(record))
            {
                return Task.FromResult(TransferBeginOutcome.WriterBusy);
            }

            var running = 0;
            foreach (var entry in _entries.Values)
            {
                if (!entry.Record.IsEnded && entry.Record.Owner == record.Owner)
                {
                    running++;
                }
            }

            if (running >= maxPerOwner && !_entries.ContainsKey(record.TransferId))
            {
                return Task.FromResult(TransferBeginOutcome.OwnerAtLimit);
            }

            _entries[record.TransferId] = new Entry(record, now + _options.HeartbeatTtl);
            HoldWriterLease(record, now + _options.HeartbeatTtl);
            return Task.FromResult(TransferBeginOutcome.Registered);
        }
    }

    public Task<IReadOnlyList<string>> RefreshAsync(IReadOnlyList<TransferRecord> records, CancellationToken cancellationToken)
    {
        List<string>? lostLeases = null;
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            Sweep(now);
            foreach (var record in records)
            {
                // A refresh never revives a transfer that already ended.
                if (!_entries.TryGetValue(record.TransferId, out var existing) || !existing.Record.IsEnded)
                {
                    _entries[record.TransferId] = new Entry(record, now + _options.HeartbeatTtl);
                    if (WriterLeaseHeldByAnother(record))
                    {
                        (lostLeases ??= []).Add(record.TransferId);
                    }
                    else
                    {
                        HoldWriterLease(record, now + _options.HeartbeatTtl);
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(lostLeases ?? []);
    }

    public Task EndAsync(TransferRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries[record.TransferId] = new Entry(record, timeProvider.GetUtcNow() + _options.EndedRetention);

            // Compare-and-delete: a holder whose lease lapsed and passed to another transfer
            // must not release the new holder's.
            if (record.WriterOfUpload is { } uploadId && !WriterLeaseHeldByAnother(record))
            {
                _writers.Remove(uploadId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryHoldWriterLeaseAsync(string owner, string uploadId, string holder, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            Sweep(now);
            if (_writers.TryGetValue(uploadId, out var lease) && lease.TransferId != holder)
            {
                return Task.FromResult(false);
            }

            _writers[uploadId] = new WriterLease(holder, now + _options.HeartbeatTtl);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseWriterLeaseAsync(string owner, string uploadId, string holder, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_writers.TryGetValue(uploadId, out var lease) && lease.TransferId == holder)
            {
                _writers.Remove(uploadId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<TransferRecord?> GetAsync(string owner, string transferId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Sweep(timeProvider.GetUtcNow());
            return Task.FromResult(_entries.TryGetValue(transferId, out var entry) && entry.Record.Owner == owner ? entry.Record : null);
        }
    }

    public Task<IReadOnlyList<TransferRecord>> ListAsync(string owner, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Sweep(timeProvider.GetUtcNow());
            var running = new List<TransferRecord>();
            foreach (var entry in _entries.Values)
            {
                if (!entry.Record.IsEnded && entry.Record.Owner == owner)
                {
                    running.Add(entry.Record);
                }
            }

            return Task.FromResult<IReadOnlyList<TransferRecord>>(running);
        }
    }

    public Task PublishAsync(TransferProgress progress, CancellationToken cancellationToken)
    {
        Action<TransferProgress>[] watchers;
        lock (_lock)
        {
            watchers = _watchers.TryGetValue(progress.TransferId, out var list) ? [.. list] : [];
        }

        foreach (var watcher in watchers)
        {
            watcher(progress);
        }

        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> WatchAsync(string transferId, Action<TransferProgress> onEvent, Action onGap, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_watchers.TryGetValue(transferId, out var list))
            {
                list = [];
                _watchers[transferId] = list;
            }

            list.Add(onEvent);
        }

        return Task.FromResult<IAsyncDisposable>(new Unwatch(this, transferId, onEvent));
    }

    public Task<bool> SendControlAsync(string replica, TransferControlMessage message, CancellationToken cancellationToken)
    {
        Action<TransferControlMessage>? handler;
        lock (_lock)
        {
            _controlHandlers.TryGetValue(replica, out handler);
        }

        handler?.Invoke(message);
        return Task.FromResult(handler is not null);
    }

    public Task ListenForControlAsync(string replica, Action<TransferControlMessage> handler, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _controlHandlers[replica] = handler;
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // The writer lease of an upload, kept apart from the entries as Redis keeps its writer
    // key: the transfer that took it holds it until it ends or lets it lapse, even when a
    // lapsed holder is registered again. Called under the lock.
    private bool WriterLeaseHeldByAnother(TransferRecord record) =>
        record.WriterOfUpload is { } uploadId
        && _writers.TryGetValue(uploadId, out var lease)
        && lease.TransferId != record.TransferId;

    private void HoldWriterLease(TransferRecord record, DateTimeOffset expiry)
    {
        if (record.WriterOfUpload is { } uploadId)
        {
            _writers[uploadId] = new WriterLease(record.TransferId, expiry);
        }
    }

    // Drops entries and writer leases whose heartbeat or retention lapsed; called under the
    // lock. (A Dictionary may remove entries while it is enumerated.)
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.Expiry <= now)
            {
                _entries.Remove(id);
            }
        }

        foreach (var (uploadId, lease) in _writers)
        {
            if (lease.Expiry <= now)
            {
                _writers.Remove(uploadId);
            }
        }
    }

    private void Remove(string transferId, Action<TransferProgress> onEvent)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(transferId, out var list) && list.Remove(onEvent) && list.Count == 0)
            {
                _watchers.Remove(transferId);
            }
        }
    }

    private sealed record Entry(TransferRecord Record, DateTimeOffset Expiry);

    private sealed record WriterLease(string TransferId, DateTimeOffset Expiry);

    private sealed class Unwatch(InProcessTransferRegistry registry, string transferId, Action<TransferProgress> onEvent) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            registry.Remove(transferId, onEvent);
            return ValueTask.CompletedTask;
        }
    }
}
