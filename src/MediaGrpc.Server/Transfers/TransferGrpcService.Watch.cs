using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using MediaGrpc.Server.Identity;

namespace MediaGrpc.Server.Transfers;

// WatchTransfer. Rule: events go out in strictly increasing sequence order. A watcher
// subscribes first and reads the snapshot second, so nothing falls between them; events
// the snapshot already covers are skipped; a jump in sequence, a reconnect of the
// registry's subscriber, or a silence as long as the heartbeat TTL makes it read the
// snapshot again. A transfer that vanished (its replica died and the heartbeat lapsed)
// ends the watch with a FAILED event; "vanished" means missing at two silence checks a
// heartbeat TTL apart, because right after a Redis restart a running transfer is missing
// until its replica's next heartbeat registers it again.
internal sealed partial class TransferGrpcService
{
    public override async Task WatchTransfer(WatchTransferRequest request, IServerStreamWriter<WatchTransferResponse> responses, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var caller = context.GetCaller();
        var transferId = WellFormed(request.TransferId);
        await tracker.GetOwnedAsync(caller, transferId, cancellationToken);

        // Null marks a gap reported by the registry.
        var inbox = Channel.CreateUnbounded<TransferProgress?>(new UnboundedChannelOptions { SingleReader = true });
        await using var watch = await tracker.WatchAsync(transferId, p => inbox.Writer.TryWrite(p), () => inbox.Writer.TryWrite(null), cancellationToken);
        var cursor = new WatchCursor(responses, cancellationToken);
        if (await ResyncAsync(caller, transferId, cursor, silent: false, cancellationToken))
        {
            return;
        }

        while (true)
        {
            try
            {
                await inbox.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(_options.HeartbeatTtl, timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                if (await ResyncAsync(caller, transferId, cursor, silent: true, cancellationToken))
                {
                    return;
                }

                continue;
            }

            while (inbox.Reader.TryRead(out var progress))
            {
                if (progress is null || progress.Sequence > cursor.Last + 1)
                {
                    if (await ResyncAsync(caller, transferId, cursor, silent: false, cancellationToken))
                    {
                        return;
                    }
                }

                if (progress is not null && progress.Sequence > cursor.Last && await cursor.SendAsync(progress))
                {
                    return;
                }
            }
        }
    }

    // Reads the snapshot and sends it when it is newer than what the watcher has; true when
    // the watch is over.
    private async Task<bool> ResyncAsync(Caller caller, string transferId, WatchCursor cursor, bool silent, CancellationToken cancellationToken)
    {
        TransferRecord record;
        try
        {
            record = await tracker.GetOwnedAsync(caller, transferId, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && cursor.Last >= 0)
        {
            // The registry is down; keep waiting, the next resync may reach it.
            return false;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && cursor.Last >= 0)
        {
            if (!silent || !cursor.MissingBefore)
            {
                cursor.MissingBefore |= silent;
                return false;
            }

            return await cursor.SendAsync(new TransferProgress
            {
                TransferId = transferId,
                Sequence = cursor.Last + 1,
                State = TransferState.Failed,
                EventTime = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow()),
            });
        }

        cursor.MissingBefore = false;
        if (record.Sequence > cursor.Last)
        {
            await cursor.SendAsync(record);
        }

        return record.IsEnded;
    }

    private sealed class WatchCursor(IAsyncStreamWriter<WatchTransferResponse> responses, CancellationToken cancellationToken)
    {
        /// <summary>Sequence of the last event or snapshot sent; -1 before the first.</summary>
        public long Last { get; private set; } = -1;

        /// <summary>True when the last silence check found the transfer missing.</summary>
        public bool MissingBefore { get; set; }

        public async Task SendAsync(TransferRecord record)
        {
            await responses.WriteAsync(new WatchTransferResponse { Snapshot = record.Transfer }, cancellationToken);
            Last = record.Sequence;
        }

        /// <summary>Sends one event; true when it ends the transfer.</summary>
        public async Task<bool> SendAsync(TransferProgress progress)
        {
            await responses.WriteAsync(new WatchTransferResponse { Progress = progress }, cancellationToken);
            Last = progress.Sequence;
            return TransferStates.IsEnded(progress.State);
        }
    }
}
