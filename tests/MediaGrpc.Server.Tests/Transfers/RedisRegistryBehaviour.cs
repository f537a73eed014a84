using MediaGrpc.Server.Transfers;
using MediaGrpc.Server.Transfers.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// The registry suite on a real Redis deployment, named by a StackExchange.Redis
/// configuration string: each test gets its own multiplexer and key prefix.
/// </summary>
public abstract class RedisRegistryBehaviour : TransferRegistryBehaviour, IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;

    /// <summary>The deployment under test.</summary>
    protected abstract string Configuration { get; }

    public async Task InitializeAsync()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = true;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    internal override Task<ITransferRegistry> CreateAsync() =>
        Task.FromResult<ITransferRegistry>(new RedisTransferRegistry(
            _redis!,
            Options.Create(new TransferOptions
            {
                HeartbeatTtl = Ttl,
                KeyPrefix = "test-" + Guid.NewGuid().ToString("N") + ":",
                Redis = new RedisRegistryOptions { Configuration = Configuration },
            })));

    // Heartbeat expiry runs on the Redis server's clock, so these tests wait in real time.
    protected override Task LetHeartbeatsLapseAsync() => Task.Delay(Ttl + TimeSpan.FromMilliseconds(150));
}
