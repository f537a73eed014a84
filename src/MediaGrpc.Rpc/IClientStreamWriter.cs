namespace MediaGrpc.Rpc;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>
    /// Ends the request stream (the server reads its end). Idempotent; must not overlap a
    /// write. Later writes throw <see cref="InvalidOperationException"/>.
    /// </summary>
    Task CompleteAsync(CancellationToken cancellationToken = default);
}
