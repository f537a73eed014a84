using Xunit;

namespace MediaGrpc.Testing;

/// <summary>
/// A real 3-master Redis Cluster for integration tests: the one named by
/// <c>MEDIAGRPC_TEST_REDIS_CLUSTER</c> (a StackExchange.Redis configuration string naming its
/// masters), or else a throwaway <see cref="RedisClusterInstance"/> killed on dispose.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    /// <summary>Environment variable holding the configuration string of an existing cluster to use instead.</summary>
    public const string ConfigurationVariable = "MEDIAGRPC_TEST_REDIS_CLUSTER";

    /// <summary>Suggested xunit collection name for sharing the fixture.</summary>
    public const string CollectionName = "redis-cluster";

    private RedisClusterInstance? _cluster;

    /// <summary>The masters, comma-separated (a StackExchange.Redis configuration string).</summary>
    public string Configuration { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConfigurationVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            Configuration = external.Trim();
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _cluster = await RedisClusterInstance.StartAsync(timeout.Token);
        Configuration = _cluster.Configuration;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
