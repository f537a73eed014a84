namespace MediaGrpc.Rpc;

/// <summary>Writes the messages of a stream. Writes must not overlap: await each one.</summary>
public interface IAsyncStreamWriter<in T>
{
    /// <summary>Sends one message; completes when the transport accepted it (flow control applies).</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken);
}
