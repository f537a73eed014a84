using Xunit;

namespace MediaGrpc.Testing;

/// <summary>
/// A real Sentinel-managed Redis for integration tests: the one named by
/// <c>MEDIAGRPC_TEST_REDIS_SENTINEL</c> (a StackExchange.Redis configuration string naming the
/// sentinels and <c>serviceName=</c>), or else a throwaway <see cref="RedisSentinelInstance"/>
/// killed on dispose. Tests that fail the master over start their own instance.
/// </summary>
public sealed class RedisSentinelFixture : IAsyncLifetime
{
    /// <summary>Environment variable holding the configuration string of an existing Sentinel set to use instead.</summary>
    public const string ConfigurationVariable = "MEDIAGRPC_TEST_REDIS_SENTINEL";

    /// <summary>Suggested xunit collection name for sharing the fixture.</summary>
    public const string CollectionName = "redis-sentinel";

    private RedisSentinelInstance? _set;

    /// <summary>The sentinels and the service name (a StackExchange.Redis configuration string).</summary>
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
        _set = await RedisSentinelInstance.StartAsync(timeout.Token);
        Configuration = _set.Configuration;
    }

    public async Task DisposeAsync()
    {
        if (_set is not null)
        {
            await _set.DisposeAsync();
        }
    }
}
