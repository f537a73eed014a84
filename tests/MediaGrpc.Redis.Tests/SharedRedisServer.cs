using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests;

/// <summary>Shares one throwaway redis-server between all integration test classes of this assembly.</summary>
[CollectionDefinition(RedisServerFixture.CollectionName)]
public sealed class SharedRedisServer : ICollectionFixture<RedisServerFixture>
{
}
