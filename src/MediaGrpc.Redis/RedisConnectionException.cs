namespace MediaGrpc.Redis;

/// <summary>
/// The connection to Redis could not be opened, was lost, or broke because the byte stream could
/// not be understood. Every command in flight on that connection fails with it.
/// </summary>
/// <remarks>
/// A malformed reply carries a <see cref="RespProtocolException"/> as its inner exception; a
/// network failure carries the socket or I/O exception. Messages name the endpoint, never the
/// password.
/// </remarks>
public sealed class RedisConnectionException : Exception
{
    public RedisConnectionException()
        : base("The Redis connection failed.")
    {
    }

    public RedisConnectionException(string message)
        : base(message)
    {
    }

    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
