using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>One throwaway 3-master Redis Cluster shared by the test classes of this assembly.</summary>
[CollectionDefinition(RedisClusterFixture.CollectionName)]
public sealed class SharedRedisCluster : ICollectionFixture<RedisClusterFixture>
{
}
