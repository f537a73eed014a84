namespace MediaGrpc.Testing;

/// <summary>
/// A real Sentinel-managed Redis for integration tests: the one named by
/// <c>MEDIAGRPC_TEST_REDIS_SENTINEL</c> (a StackExchange.Redis configuration string naming the
/// sentinels and <c>serviceName=</c>), or else a throwaway <see cref="RedisSentinelInstance"/>
/// killed on dispose. Tests that fail the master over start their own instance.
/// </summary>
public sealed class RedisSentinelFixture() : ExternalOrThrowawayRedisFixture(ConfigurationVariable)
{
    /// <summary>Environment variable holding the configuration string of an existing Sentinel set to use instead.</summary>
    public const string ConfigurationVariable = "MEDIAGRPC_TEST_REDIS_SENTINEL";

    /// <summary>Suggested xunit collection name for sharing the fixture.</summary>
    public const string CollectionName = "redis-sentinel";

    protected override async Task<(IAsyncDisposable Instance, string Configuration)> StartThrowawayAsync(CancellationToken cancellationToken)
    {
        var set = await RedisSentinelInstance.StartAsync(cancellationToken);
        return (set, set.Configuration);
    }
}
