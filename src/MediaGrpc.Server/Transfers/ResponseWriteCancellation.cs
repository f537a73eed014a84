namespace MediaGrpc.Server.Transfers;

/// <summary>
/// The token a transfer's response writes (a download's chunks, an upload's acks) run under.
/// Grpc.AspNetCore resets the stream (RST_STREAM CANCEL) when a write's token is cancelled,
/// while the write waits for the client's flow-control window or before it even starts, and
/// the client then reads a bare "cancelled" instead of the status a cancelled transfer ends
/// with (CANCELLED with TransferCancelled). So writes end with the call at once, but with the
/// transfer only after a grace period: a client that reads gets the status, and the acks
/// of what was persisted on the way out; one that stopped reading is not waited for longer
/// than that.
/// </summary>
internal sealed class ResponseWriteCancellation : IDisposable
{
    // How long a cancelled transfer's writes may still wait for the client to read.
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _writes;
    private readonly CancellationTokenRegistration _onTransferCancelled;

    public ResponseWriteCancellation(CancellationToken call, CancellationToken transfer)
    {
        _writes = CancellationTokenSource.CreateLinkedTokenSource(call);
        var writes = _writes;
        _onTransferCancelled = transfer.Register(() =>
        {
            try
            {
                writes.CancelAfter(s_grace);
            }
            catch (ObjectDisposedException)
            {
                // The transfer ended meanwhile.
            }
        });
    }

    public CancellationToken Token => _writes.Token;

    public void Dispose()
    {
        _onTransferCancelled.Dispose();
        _writes.Dispose();
    }
}
