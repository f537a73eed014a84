namespace MediaGrpc.Server.Transfers.Redis;

/// <summary>Which Redis pub/sub the registry's progress and control channels use (see <see cref="RedisRegistryOptions.PubSub"/>).</summary>
public enum RedisPubSubMode
{
    /// <summary>SPUBLISH / SSUBSCRIBE (Redis 7+): a message goes only to the node owning the channel's hash slot.</summary>
    Sharded,

    /// <summary>PUBLISH / SUBSCRIBE: on a cluster, every message is broadcast to every node.</summary>
    Classic,
}
