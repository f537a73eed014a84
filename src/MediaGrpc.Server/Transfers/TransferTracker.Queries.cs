using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;

namespace MediaGrpc.Server.Transfers;

// What TransferService asks of the registry: reads checked against the caller, and control
// delivered to the replica running the stream.
internal sealed partial class TransferTracker
{
    /// <summary>The caller's transfer; NOT_FOUND when unknown, expired or someone else's.</summary>
    public async Task<TransferRecord> GetOwnedAsync(Caller caller, string transferId, CancellationToken cancellationToken)
    {
        TransferRecord? record;
        try
        {
            record = await _registry.GetAsync(caller.Owner, transferId, cancellationToken);
        }
        catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
        {
            throw MediaErrors.TransfersUnavailable();
        }

        return record is not null && record.Owner == caller.Owner ? record : throw MediaErrors.TransferNotFound(transferId);
    }

    /// <summary>The caller's running transfers.</summary>
    public async Task<IReadOnlyList<TransferRecord>> ListOwnedAsync(Caller caller, CancellationToken cancellationToken)
    {
        try
        {
            return await _registry.ListAsync(caller.Owner, cancellationToken);
        }
        catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
        {
            throw MediaErrors.TransfersUnavailable();
        }
    }

    /// <summary>Subscribes to a transfer's events (see <see cref="ITransferRegistry.WatchAsync"/>).</summary>
    public async Task<IAsyncDisposable> WatchAsync(string transferId, Action<TransferProgress> onEvent, Action onGap, CancellationToken cancellationToken)
    {
        try
        {
            return await _registry.WatchAsync(transferId, onEvent, onGap, cancellationToken);
        }
        catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
        {
            throw MediaErrors.TransfersUnavailable();
        }
    }

    /// <summary>
    /// Sends <paramref name="action"/> to the replica running the transfer and waits (up to
    /// <see cref="TransferOptions.ControlTimeout"/>) until the stream has acted on it.
    /// </summary>
    /// <returns>The transfer as the registry then holds it.</returns>
    public async Task<Transfer> ControlAsync(Caller caller, string transferId, TransferControl action, CancellationToken cancellationToken)
    {
        var record = await GetOwnedAsync(caller, transferId, cancellationToken);
        var state = record.Transfer.State;
        var expected = action switch
        {
            TransferControl.Cancel when record.IsEnded => throw MediaErrors.TransferNotControllable(transferId, "has already ended"),
            TransferControl.Cancel => TransferState.Cancelled,
            _ when record.Transfer.Kind != TransferKind.Download => throw MediaErrors.TransferNotControllable(transferId, "is not a download; only downloads pause"),
            _ when !record.Transfer.Pausable => throw MediaErrors.TransferNotControllable(transferId, "is a Read call; only Download streams pause"),
            TransferControl.Pause when state != TransferState.Active => throw MediaErrors.TransferNotControllable(transferId, "is not an active download"),
            TransferControl.Pause => TransferState.Paused,
            _ when state != TransferState.Paused => throw MediaErrors.TransferNotControllable(transferId, "is not paused"),
            _ => TransferState.Active,
        };

        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using (await _registry.WatchAsync(
                transferId,
                progress =>
                {
                    if (progress.State == expected || TransferStates.IsEnded(progress.State))
                    {
                        reached.TrySetResult();
                    }
                },
                () => { },
                cancellationToken))
            {
                var message = new TransferControlMessage(transferId, action);
                bool delivered;
                if (record.Transfer.Replica == Replica)
                {
                    OnControl(message);
                    delivered = true;
                }
                else
                {
                    delivered = await _registry.SendControlAsync(record.Transfer.Replica, message, cancellationToken);
                }

                if (delivered)
                {
                    await reached.Task.WaitAsync(_options.ControlTimeout, _timeProvider, cancellationToken)
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            return (await _registry.GetAsync(caller.Owner, transferId, cancellationToken))?.Transfer ?? record.Transfer;
        }
        catch (Exception ex) when (IsRegistryTrouble(ex, cancellationToken))
        {
            throw MediaErrors.TransfersUnavailable();
        }
    }
}
