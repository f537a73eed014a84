using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>The registry suite on a Sentinel-managed master, found through the sentinel by service name.</summary>
[Collection(RedisSentinelFixture.CollectionName)]
public sealed class RedisSentinelTransferRegistryTests(RedisSentinelFixture sentinel) : RedisRegistryBehaviour
{
    protected override string Configuration => sentinel.Configuration;
}
