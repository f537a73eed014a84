using MediaGrpc.Redis;
using MediaGrpc.Server.Transfers;
using MediaGrpc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisTransferRegistryTests(RedisServerFixture redis) : TransferRegistryBehaviour
{
    internal override async Task<ITransferRegistry> CreateAsync()
    {
        var registry = new RedisTransferRegistry(
            Options.Create(new TransferOptions
            {
                HeartbeatTtl = Ttl,
                KeyPrefix = "test-" + Guid.NewGuid().ToString("N") + ":",
                Redis = new RedisClientOptions { Endpoint = redis.Endpoint },
            }),
            NullLoggerFactory.Instance,
            TimeProvider.System);

        // Heartbeat expiry runs on the Redis server's clock, so these tests wait in real time.
        await Task.Yield();
        return registry;
    }

    protected override Task LetHeartbeatsLapseAsync() => Task.Delay(Ttl + TimeSpan.FromMilliseconds(150));
}
