using System.Globalization;

namespace MediaGrpc.Testing;

/// <summary>
/// A throwaway Sentinel-managed Redis on free loopback ports: a master, one replica of it,
/// and one <c>redis-sentinel</c> watching them as <see cref="ServiceName"/> (quorum 1); killed
/// on dispose. Ready once the sentinel knows the replica, so a failover can pick it.
/// </summary>
public sealed class RedisSentinelInstance : IAsyncDisposable
{
    /// <summary>The name the sentinel knows the master by (<c>serviceName=</c> in a configuration string).</summary>
    public const string ServiceName = "mediagrpc";

    private readonly List<RedisServerInstance> _processes = [];
    private string? _configFile;

    private RedisSentinelInstance()
    {
    }

    /// <summary>The sentinel's TCP port.</summary>
    public int SentinelPort { get; private set; }

    /// <summary>The sentinel and the service name: a StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{SentinelPort.ToString(CultureInfo.InvariantCulture)},serviceName={ServiceName}";

    public static async Task<RedisSentinelInstance> StartAsync(CancellationToken cancellationToken = default)
    {
        var set = new RedisSentinelInstance();
        try
        {
            var master = await RedisServerInstance.StartAsync(null, cancellationToken);
            set._processes.Add(master);
            var masterPort = master.Port.ToString(CultureInfo.InvariantCulture);
            set._processes.Add(await RedisServerInstance.StartAsync(["--replicaof", "127.0.0.1", masterPort], cancellationToken));

            set._configFile = Path.Combine(Path.GetTempPath(), $"mediagrpc-sentinel-{Guid.NewGuid():N}.conf");
            await File.WriteAllTextAsync(
                set._configFile,
                $"""
                sentinel monitor {ServiceName} 127.0.0.1 {masterPort} 1
                sentinel down-after-milliseconds {ServiceName} 1000
                sentinel failover-timeout {ServiceName} 10000
                sentinel parallel-syncs {ServiceName} 1

                """,
                cancellationToken);
            var sentinel = await RedisServerInstance.StartSentinelAsync(set._configFile, cancellationToken);
            set._processes.Add(sentinel);
            set.SentinelPort = sentinel.Port;
            await RedisCli.WaitUntilAsync(
                sentinel.Port, ["sentinel", "replicas", ServiceName], replicas => replicas.Contains("slave", StringComparison.Ordinal) && !replicas.Contains("s_down", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), cancellationToken);
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>The current master's TCP port, as the sentinel reports it.</summary>
    public async Task<int> MasterPortAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RedisCli.RunAsync(SentinelPort, ["sentinel", "get-master-addr-by-name", ServiceName], cancellationToken);
        return int.Parse(reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Makes the sentinel promote the replica (SENTINEL FAILOVER) and waits until the new
    /// master serves writes; the old master becomes its replica.
    /// </summary>
    /// <returns>The new master's TCP port.</returns>
    public async Task<int> FailoverAsync(CancellationToken cancellationToken = default)
    {
        var before = await MasterPortAsync(cancellationToken);

        // The sentinel refuses (NOGOODSLAVE) while its view of the replica is stale, e.g. on a
        // loaded machine: ask again until it accepts (INPROG: one is already under way).
        await RedisCli.WaitUntilAsync(
            SentinelPort,
            ["sentinel", "failover", ServiceName],
            reply => reply.StartsWith("OK", StringComparison.Ordinal) || reply.Contains("INPROG", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            cancellationToken);
        var after = before;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (after == before)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The sentinel did not fail over within 30 s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            after = await MasterPortAsync(cancellationToken);
        }

        await RedisCli.WaitUntilAsync(after, ["role"], role => role.StartsWith("master", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken);
        return after;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        if (_configFile is not null)
        {
            File.Delete(_configFile);
        }
    }
}
