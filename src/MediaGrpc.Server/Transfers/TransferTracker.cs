using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// This replica's side of the transfer registry: begins and ends the transfers its streams
/// run, writes their progress (one writer loop, so events leave in sequence order), keeps
/// them alive with a heartbeat, acts on control messages addressed to this replica, and
/// sends control to whichever replica runs a transfer.
/// </summary>
/// <remarks>
/// Redis trouble degrades, never fails, a running stream: progress, heartbeats and state
/// writes that cannot reach the registry are logged and dropped; the next heartbeat after
/// Redis is back registers every running transfer again. A stream that begins while the
/// registry is unreachable runs unregistered (neither the per-owner limit nor, for an
/// upload, the writer lease across replicas is enforced for it) rather than refusing
/// service. A heartbeat that finds another stream holding its upload's writer lease stops
/// the stream.
/// </remarks>
internal sealed partial class TransferTracker : IHostedService, IAsyncDisposable
{
    private readonly ITransferRegistry _registry;
    private readonly TransferOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TransferMetrics? _metrics;
    private readonly ConcurrentDictionary<string, ActiveTransfer> _local = new(StringComparer.Ordinal);
    private readonly Channel<TransferEmission> _emissions = Channel.CreateUnbounded<TransferEmission>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private Task? _writer;
    private Task? _heartbeat;

    public TransferTracker(ITransferRegistry registry, IOptions<TransferOptions> options, TimeProvider timeProvider, ILogger<TransferTracker> logger, TransferMetrics? metrics = null)
    {
        _registry = registry;
        _metrics = metrics;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        Replica = _options.ReplicaName ?? $"{Environment.MachineName}-{RandomId.New()[..6]}";
    }

    /// <summary>This replica's name, as transfer records and control channels carry it.</summary>
    public string Replica { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = WriteLoopAsync(_stopping.Token);
        _heartbeat = HeartbeatLoopAsync(_stopping.Token);
        try
        {
            await _registry.ListenForControlAsync(Replica, OnControl, cancellationToken);
        }
        catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
        {
            TransferLog.ControlListenFailed(_logger, Replica, ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _emissions.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _stopping.CancelAsync();
        if (_heartbeat is not null)
        {
            await _heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Begins an upload transfer, which holds the upload's writer lease while it runs;
    /// ABORTED when another stream holds it, RESOURCE_EXHAUSTED when the owner is at the limit.
    /// </summary>
    public Task<ActiveTransfer> BeginUploadAsync(Caller caller, string transferId, string uploadId, long totalBytes, CancellationToken cancellationToken) =>
        BeginAsync(NewTransfer(caller, transferId, TransferKind.Upload, mediaId: string.Empty, uploadId, totalBytes), cancellationToken);

    /// <summary>Begins a download transfer; RESOURCE_EXHAUSTED when the owner is at the limit.</summary>
    /// <remarks>Pausable: true for Download streams, which attach pause control; false for Read calls.</remarks>
    public Task<ActiveTransfer> BeginDownloadAsync(Caller caller, string transferId, string mediaId, long totalBytes, bool pausable, CancellationToken cancellationToken)
    {
        var transfer = NewTransfer(caller, transferId, TransferKind.Download, mediaId, uploadId: string.Empty, totalBytes);
        transfer.Pausable = pausable;
        return BeginAsync(transfer, cancellationToken);
    }

    internal void Emit(TransferEmission emission) => _emissions.Writer.TryWrite(emission);

    internal async Task EndAsync(ActiveTransfer transfer, TransferEmission final)
    {
        if (_local.TryRemove(transfer.Id, out _))
        {
            _metrics?.Ended(transfer.Kind, final.Progress.State);
        }

        if (!_emissions.Writer.TryWrite(final))
        {
            return;
        }

        // Bounded: a registry in trouble must not hold the call's end.
        await final.Written!.Task.WaitAsync(_options.RegistryTimeout, _timeProvider)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        TransferLog.Ended(_logger, transfer.Id, final.Progress.State.ToString());
    }

    private async Task<ActiveTransfer> BeginAsync(Transfer transfer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RegistryTimeout);
        try
        {
            switch (await _registry.BeginAsync(new TransferRecord(transfer, 0), _options.MaxConcurrentPerOwner, timeout.Token))
            {
                case TransferBeginOutcome.WriterBusy:
                    TransferLog.WriterBusy(_logger, transfer.UploadId);
                    throw MediaErrors.ConcurrentWriter(transfer.UploadId);
                case TransferBeginOutcome.OwnerAtLimit:
                    TransferLog.LimitReached(_logger, transfer.Owner, _options.MaxConcurrentPerOwner);
                    throw MediaErrors.LimitExceeded("max_concurrent_transfers", _options.MaxConcurrentPerOwner, _options.MaxConcurrentPerOwner + 1L);
                default:
                    TransferLog.Began(_logger, transfer.TransferId, transfer.Owner, Replica);
                    break;
            }
        }
        catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
        {
            // Availability over the shared rules: neither the per-owner limit nor the writer
            // lease holds for this stream until a heartbeat registers it (UploadWriterLocks
            // still keeps one writer per upload on this replica).
            TransferLog.BeganUnregistered(_logger, transfer.TransferId, ex);
        }

        // The call's span (when traced) names what it moves.
        ServerTracing.TagCurrent(ServerTracing.TransferIdTag, transfer.TransferId);
        if (transfer.Kind == TransferKind.Upload)
        {
            ServerTracing.TagCurrent(ServerTracing.UploadIdTag, transfer.UploadId);
        }
        else
        {
            ServerTracing.TagCurrent(ServerTracing.MediaIdTag, transfer.MediaId);
        }

        var active = new ActiveTransfer(this, transfer, _timeProvider, _options.ProgressInterval, cancellationToken);
        _local[transfer.TransferId] = active;
        _metrics?.Began(transfer.Kind);
        return active;
    }

    // Another stream holds the upload now (this replica's heartbeat lapsed, or Redis lost the
    // lease and the other began first): stop writing, so the data stays that of one writer.
    private void OnWriterLeaseLost(IReadOnlyList<string> transferIds)
    {
        foreach (var transferId in transferIds)
        {
            if (_local.TryGetValue(transferId, out var transfer))
            {
                TransferLog.WriterLeaseLost(_logger, transferId, transfer.UploadId);
                transfer.LoseWriterLease();
            }
        }
    }

    private Transfer NewTransfer(Caller caller, string transferId, TransferKind kind, string mediaId, string uploadId, long totalBytes)
    {
        var now = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());
        return new Transfer
        {
            TransferId = transferId,
            Owner = caller.Owner,
            Kind = kind,
            MediaId = mediaId,
            UploadId = uploadId,
            TotalBytes = totalBytes,
            State = TransferState.Active,
            Replica = Replica,
            CreateTime = now,
            UpdateTime = now,
        };
    }

    private void OnControl(TransferControlMessage message)
    {
        if (_local.TryGetValue(message.TransferId, out var transfer))
        {
            TransferLog.Controlled(_logger, message.TransferId, message.Action);
            transfer.Control(message.Action);
        }
    }

    // One writer, so a transfer's events reach the registry in sequence order.
    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var emission in _emissions.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (emission.Record.IsEnded)
                {
                    await _registry.EndAsync(emission.Record, cancellationToken);
                }
                else
                {
                    OnWriterLeaseLost(await _registry.RefreshAsync([emission.Record], cancellationToken));
                }

                await _registry.PublishAsync(emission.Progress, cancellationToken);
            }
            catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
            {
                TransferLog.PublishFailed(_logger, emission.Progress.TransferId, ex);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            finally
            {
                emission.Written?.TrySetResult();
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var records = _local.Values.Select(t => t.Snapshot()).ToArray();
                if (records.Length == 0)
                {
                    continue;
                }

                try
                {
                    OnWriterLeaseLost(await _registry.RefreshAsync(records, cancellationToken));
                }
                catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
                {
                    TransferLog.HeartbeatFailed(_logger, records.Length, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Failures that mean "the registry cannot be reached right now", as opposed to the call
    // being cancelled or a bug: no connection, no answer in time, or a server that cannot
    // serve (LOADING, READONLY or CLUSTERDOWN while a failover settles). RedisCommandException
    // (a command the client refuses to send, such as keys of two hash slots) is a bug.
    private static bool IsRegistryTrouble(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RedisConnectionException or TimeoutException or RedisServerException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
