namespace MediaGrpc.Redis;

/// <summary>The server answered a command with an error reply (<c>-ERR …</c> or a RESP3 bulk error).</summary>
/// <remarks>
/// The connection stays usable: an error reply is an ordinary reply in the FIFO. The message is
/// the server's text verbatim; <see cref="Prefix"/> is its leading upper-case word (ERR,
/// WRONGTYPE, NOAUTH, NOSCRIPT, MOVED…), which is what callers branch on.
/// </remarks>
public sealed class RedisServerException : Exception
{
    public RedisServerException(string message)
        : base(message)
    {
        Prefix = ReadPrefix(message);
    }

    public RedisServerException()
        : this("ERR")
    {
    }

    public RedisServerException(string message, Exception innerException)
        : base(message, innerException)
    {
        Prefix = ReadPrefix(message);
    }

    /// <summary>The error code: the first word of the message when it is upper case, else "ERR".</summary>
    public string Prefix { get; }

    private static string ReadPrefix(string message)
    {
        var end = message.IndexOf(' ', StringComparison.Ordinal);
        var word = end < 0 ? message : message[..end];
        foreach (var c in word)
        {
            if (c is not (>= 'A' and <= 'Z') and not '_' and not (>= '0' and <= '9'))
            {
                return "ERR";
            }
        }

        return word.Length == 0 ? "ERR" : word;
    }
}
