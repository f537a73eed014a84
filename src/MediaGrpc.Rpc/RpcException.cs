namespace MediaGrpc.Rpc;

/// <summary>
/// A call that ended with a non-OK status. Thrown by handlers to choose the status a
/// client sees, and by the client channel when a call fails.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status)
        : this(status, new Metadata())
    {
    }

    public RpcException(Status status, Metadata trailers)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers;
    }

    public RpcException(StatusCode code, string detail)
        : this(new Status(code, detail))
    {
    }

    /// <summary>The call's status.</summary>
    public Status Status { get; }

    /// <summary>The status code, for pattern matching.</summary>
    public StatusCode StatusCode => Status.Code;

    /// <summary>Trailers the server sent (client side) or will send (server side).</summary>
    public Metadata Trailers { get; }
}
