using MediaGrpc.Redis.Internal;

namespace MediaGrpc.Redis;

/// <summary>How to reach and talk to one Redis server; bound from configuration.</summary>
/// <remarks>
/// This type deliberately does not override <see cref="object.ToString"/>: it holds a password,
/// and nothing that might be logged should print it.
/// </remarks>
public sealed class RedisClientOptions
{
    /// <summary>Server address as <c>host:port</c> (<c>[::1]:6379</c> for IPv6). Default <c>127.0.0.1:6379</c>.</summary>
    public string Endpoint { get; set; } = "127.0.0.1:6379";

    /// <summary>Time allowed for the TCP connect plus the AUTH/SELECT handshake. Default 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time a command may wait for its reply before the caller gets a <see cref="TimeoutException"/>.
    /// The connection stays open and the late reply is discarded. Default 5 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits forever (for blocking commands).
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Database number selected with SELECT right after connecting. Default 0 (no SELECT sent).</summary>
    public int Database { get; set; }

    /// <summary>ACL user name for AUTH; null uses the <c>default</c> user. Default null.</summary>
    public string? User { get; set; }

    /// <summary>Password sent with AUTH on connect; null sends no AUTH. Default null. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// RESP protocol version: 2 (default, no HELLO sent) or 3 (HELLO 3 on connect, which also
    /// carries AUTH). Pub/sub messages arrive as arrays in RESP2 and as push data in RESP3;
    /// <see cref="RedisSubscriber"/> handles both.
    /// </summary>
    public int Protocol { get; set; } = 2;

    /// <summary>Wrap the TCP connection in TLS (<see cref="System.Net.Security.SslStream"/>). Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>Server name checked against the TLS certificate; null uses the endpoint's host. Default null.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>
    /// PEM file of the certificate authority that signed the server's certificate, for a
    /// private CA; the system trust store is not consulted then. Null trusts the system
    /// store. Default null.
    /// </summary>
    public string? TlsCaCertificatePath { get; set; }

    /// <summary>First delay before reconnecting after a lost connection; doubled per failed attempt. Default 100 ms.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnect attempts. Default 5 seconds.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        RedisEndpoint.Parse(Endpoint);
        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"{nameof(ConnectTimeout)} must be positive.", nameof(ConnectTimeout));
        }

        if (CommandTimeout <= TimeSpan.Zero && CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"{nameof(CommandTimeout)} must be positive.", nameof(CommandTimeout));
        }

        if (Database < 0)
        {
            throw new ArgumentException($"{nameof(Database)} must not be negative.", nameof(Database));
        }

        if (Protocol is not (2 or 3))
        {
            throw new ArgumentException($"{nameof(Protocol)} must be 2 or 3.", nameof(Protocol));
        }

        if (ReconnectMinDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ArgumentException(
                $"{nameof(ReconnectMinDelay)} must be positive and not above {nameof(ReconnectMaxDelay)}.", nameof(ReconnectMinDelay));
        }

        if (User is not null && Password is null)
        {
            throw new ArgumentException($"{nameof(User)} needs a {nameof(Password)}.", nameof(Password));
        }
    }
}
