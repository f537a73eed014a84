namespace MediaGrpc.Server.Transfers.Redis;

/// <summary>
/// How the shared registry reaches Redis (section <c>Transfers:Redis</c>), when
/// <see cref="TransferOptions.Provider"/> is <c>Redis</c>.
/// </summary>
public sealed class RedisRegistryOptions
{
    public const string SectionName = TransferOptions.SectionName + ":Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string: one server (<c>host:6379</c>), the masters
    /// of a Redis Cluster (<c>a:6379,b:6379,c:6379</c>), or Sentinels with
    /// <c>serviceName=…</c>; plus options such as <c>password=…</c>, <c>user=…</c>,
    /// <c>ssl=true</c>, <c>sslHost=…</c>, <c>connectTimeout=…</c>, <c>asyncTimeout=…</c>.
    /// <c>abortConnect</c> is always false: a replica starts, and streams run, while Redis is
    /// away (README, "Redis trouble"). Default <c>127.0.0.1:6379</c>.
    /// </summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>
    /// Which Redis pub/sub carries progress and control messages: <c>Sharded</c>
    /// (SPUBLISH/SSUBSCRIBE, Redis 7 or newer; each channel lives on the node owning its hash
    /// slot) or <c>Classic</c> (PUBLISH/SUBSCRIBE; on a cluster every message goes to every
    /// node). Every replica of a deployment must use the same. Default <c>Sharded</c>.
    /// </summary>
    public RedisPubSubMode PubSub { get; set; } = RedisPubSubMode.Sharded;
}
