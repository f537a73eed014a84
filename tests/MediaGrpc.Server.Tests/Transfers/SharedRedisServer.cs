using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>One throwaway redis-server shared by the transfer test classes of this assembly.</summary>
[CollectionDefinition(RedisServerFixture.CollectionName)]
public sealed class SharedRedisServer : ICollectionFixture<RedisServerFixture>
{
}
