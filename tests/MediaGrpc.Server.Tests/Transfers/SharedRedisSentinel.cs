using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>One throwaway Sentinel set shared by the test classes of this assembly.</summary>
[CollectionDefinition(RedisSentinelFixture.CollectionName)]
public sealed class SharedRedisSentinel : ICollectionFixture<RedisSentinelFixture>
{
}
