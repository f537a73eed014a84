namespace MediaGrpc.Redis;

/// <summary>
/// Bytes received from the server are not valid RESP, or a reply exceeds a configured limit.
/// The stream cannot be resynchronised after this, so the connection that read it is closed
/// and the exception reaches callers as the inner exception of a <see cref="RedisConnectionException"/>.
/// </summary>
public sealed class RespProtocolException : Exception
{
    public RespProtocolException()
        : base("Malformed RESP data.")
    {
    }

    public RespProtocolException(string message)
        : base(message)
    {
    }

    public RespProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
