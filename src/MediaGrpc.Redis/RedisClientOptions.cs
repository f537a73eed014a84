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

        if (User is not null && Password is null)
        {
            throw new ArgumentException($"{nameof(User)} needs a {nameof(Password)}.", nameof(Password));
        }
    }
}
