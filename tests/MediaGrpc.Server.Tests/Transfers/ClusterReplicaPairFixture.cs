using MediaGrpc.Testing;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// Two replicas sharing a 3-master Redis Cluster. The replica processes are configured by
/// environment variables only (<c>Transfers__Provider=Redis</c>,
/// <c>Transfers__Redis__Configuration=</c> all three masters, ...), as a container is.
/// </summary>
public sealed class ClusterReplicaPairFixture : ReplicaPairFixture
{
    protected override bool ConfigureProcessesByEnvironment => true;

    protected override async Task<(string Configuration, IAsyncDisposable Redis)> StartRedisAsync(CancellationToken cancellationToken)
    {
        var cluster = await RedisClusterInstance.StartAsync(cancellationToken);
        return (cluster.Configuration, cluster);
    }
}
