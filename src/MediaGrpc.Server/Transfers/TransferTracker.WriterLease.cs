using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Media;

namespace MediaGrpc.Server.Transfers;

// The writer lease for calls that change an upload without streaming it (AbortUpload).
internal sealed partial class TransferTracker
{
    /// <summary>
    /// Holds the writer lease of <paramref name="owner"/>'s upload until disposed; ABORTED while a stream on any replica
    /// writes the upload. With the registry out of reach it goes on without the lease, as a
    /// stream that starts meanwhile does (this replica's own lock still applies).
    /// </summary>
    public async Task<IAsyncDisposable> HoldWriterLeaseAsync(string owner, string uploadId, CancellationToken cancellationToken)
    {
        var holder = "call:" + RandomId.New();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RegistryTimeout);
        try
        {
            if (!await _registry.TryHoldWriterLeaseAsync(owner, uploadId, holder, timeout.Token))
            {
                TransferLog.WriterBusy(_logger, uploadId);
                throw MediaErrors.ConcurrentWriter(uploadId);
            }
        }
        catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
        {
            TransferLog.WriterLeaseUnheld(_logger, uploadId, ex);
            return NoLease.Instance;
        }

        return new HeldWriterLease(this, owner, uploadId, holder);
    }

    private async Task ReleaseWriterLeaseAsync(string owner, string uploadId, string holder)
    {
        // Bounded and never failing the call: an unreleased lease lapses with the heartbeat TTL.
        using var timeout = new CancellationTokenSource(_options.RegistryTimeout, _timeProvider);
        try
        {
            await _registry.ReleaseWriterLeaseAsync(owner, uploadId, holder, timeout.Token);
        }
        catch (Exception ex) when (IsRegistryTrouble(ex, CancellationToken.None))
        {
            TransferLog.WriterLeaseUnheld(_logger, uploadId, ex);
        }
    }

    private sealed class HeldWriterLease(TransferTracker tracker, string owner, string uploadId, string holder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(tracker.ReleaseWriterLeaseAsync(owner, uploadId, holder));
    }

    private sealed class NoLease : IAsyncDisposable
    {
        public static readonly NoLease Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
