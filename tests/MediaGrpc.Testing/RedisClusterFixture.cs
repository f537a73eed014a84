namespace MediaGrpc.Testing;

/// <summary>
/// A real 3-master Redis Cluster for integration tests: the one named by
/// <c>MEDIAGRPC_TEST_REDIS_CLUSTER</c> (a StackExchange.Redis configuration string naming its
/// masters), or else a throwaway <see cref="RedisClusterInstance"/> killed on dispose.
/// </summary>
public sealed class RedisClusterFixture() : ExternalOrThrowawayRedisFixture(ConfigurationVariable)
{
    /// <summary>Environment variable holding the configuration string of an existing cluster to use instead.</summary>
    public const string ConfigurationVariable = "MEDIAGRPC_TEST_REDIS_CLUSTER";

    /// <summary>Suggested xunit collection name for sharing the fixture.</summary>
    public const string CollectionName = "redis-cluster";

    protected override async Task<(IAsyncDisposable Instance, string Configuration)> StartThrowawayAsync(CancellationToken cancellationToken)
    {
        var cluster = await RedisClusterInstance.StartAsync(cancellationToken);
        return (cluster, cluster.Configuration);
    }
}
