using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>The registry suite on one redis-server.</summary>
[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisTransferRegistryTests(RedisServerFixture redis) : RedisRegistryBehaviour
{
    protected override string Configuration => redis.Endpoint;
}
