namespace MediaGrpc.Rpc;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>
    /// Ends the request stream (the server reads its end). Idempotent; must not overlap a
    /// write. Later writes throw <see cref="InvalidOperationException"/>.
    /// </summary>
    Task CompleteAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the next messages are compressed with the call's compression; false sends
    /// them plain (compressed flag 0), e.g. for data already compressed. Default true; no
    /// effect on a call without compression.
    /// </summary>
    bool CompressMessages { get; set; }
}
