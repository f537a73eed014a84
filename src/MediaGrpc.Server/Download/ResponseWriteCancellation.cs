namespace MediaGrpc.Server.Download;

/// <summary>
/// The token a download's response writes run under. A write cancelled while it waits for the
/// client's flow-control window makes Kestrel reset the stream, and the client then reads a
/// bare "cancelled" instead of the status a cancelled transfer ends with (CANCELLED with
/// TransferCancelled). So writes end with the call at once, but with the transfer only after
/// a grace period: a client that reads gets the status; one that stopped reading is
/// not waited for longer than that.
/// </summary>
internal sealed class ResponseWriteCancellation : IDisposable
{
    private readonly CancellationTokenSource _writes;
    private readonly CancellationTokenRegistration _onTransferCancelled;

    public ResponseWriteCancellation(TimeSpan grace, CancellationToken call, CancellationToken transfer)
    {
        _writes = CancellationTokenSource.CreateLinkedTokenSource(call);
        var writes = _writes;
        _onTransferCancelled = transfer.Register(() =>
        {
            try
            {
                writes.CancelAfter(grace);
            }
            catch (ObjectDisposedException)
            {
                // The download ended meanwhile.
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
