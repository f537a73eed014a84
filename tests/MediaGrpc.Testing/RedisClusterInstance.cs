using System.Globalization;

namespace MediaGrpc.Testing;

/// <summary>
/// A throwaway Redis Cluster of three masters (no replicas) on free loopback ports: each node a
/// <c>redis-server --cluster-enabled yes</c>, joined with <c>redis-cli --cluster create</c>;
/// killed on dispose. Ready once every node reports <c>cluster_state:ok</c>.
/// </summary>
public sealed class RedisClusterInstance : IAsyncDisposable
{
    private const int Masters = 3;
    private readonly List<RedisServerInstance> _nodes = [];

    private RedisClusterInstance()
    {
    }

    /// <summary>The masters' <c>127.0.0.1:port</c>s.</summary>
    public IReadOnlyList<string> Endpoints => [.. _nodes.Select(node => node.Endpoint)];

    /// <summary>All masters, comma-separated: a StackExchange.Redis configuration string.</summary>
    public string Configuration => string.Join(',', Endpoints);

    /// <summary>The masters' TCP ports.</summary>
    public IReadOnlyList<int> Ports => [.. _nodes.Select(node => node.Port)];

    public static async Task<RedisClusterInstance> StartAsync(CancellationToken cancellationToken = default)
    {
        var cluster = new RedisClusterInstance();
        try
        {
            for (var i = 0; i < Masters; i++)
            {
                // The bus port is named, not port + 10000, which may not exist above 55535.
                // The node's config file lands in its own directory.
                cluster._nodes.Add(await RedisServerInstance.StartAsync(
                    [
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000",
                        "--cluster-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                    ],
                    cancellationToken));
            }

            await RedisCli.RunAsync(cluster._nodes[0].Port, ["--cluster", "create", .. cluster.Endpoints, "--cluster-replicas", "0", "--cluster-yes"], cancellationToken);
            foreach (var node in cluster._nodes)
            {
                await RedisCli.WaitUntilAsync(
                    node.Port, ["cluster", "info"], info => info.Contains("cluster_state:ok", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
