namespace MediaGrpc.Rpc;

/// <summary>Reads the messages of a stream one at a time.</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false when the peer ended the stream cleanly.</summary>
    /// <exception cref="RpcException">The stream ended with an error status.</exception>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}
