using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// The registry suite on a 3-master Redis Cluster: every script's keys share a hash slot
/// (a CROSSSLOT error would fail it), and sharded pub/sub reaches watchers and replicas
/// wherever the channel's slot lives.
/// </summary>
[Collection(RedisClusterFixture.CollectionName)]
public sealed class RedisClusterTransferRegistryTests(RedisClusterFixture cluster) : RedisRegistryBehaviour
{
    protected override string Configuration => cluster.Configuration;
}
