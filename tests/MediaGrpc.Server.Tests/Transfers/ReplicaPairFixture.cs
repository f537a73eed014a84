using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// Two replicas sharing one redis-server and one Azurite: A is a separate server process,
/// B the server in this process. Short heartbeat and progress intervals keep tests quick.
/// </summary>
/// <remarks>Subclasses put the replicas on another Redis deployment (<see cref="ClusterReplicaPairFixture"/>).</remarks>
public class ReplicaPairFixture : IAsyncLifetime
{
    public static readonly string[] Owners = ["watcher", "canceller", "pauser", "resumer", "limited", "stranger", "crashed", "writer"];
    public static readonly TimeSpan HeartbeatTtl = TimeSpan.FromSeconds(1.5);

    private readonly AzuriteFixture _azurite = new();
    private readonly string _container = "replicas-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _keyPrefix = "replicas-" + Guid.NewGuid().ToString("N")[..8] + ":";
    private IAsyncDisposable? _redis;
    private string _redisConfiguration = string.Empty;
    private ServerProcess? _a;

    internal ServerProcess A => _a ?? throw new InvalidOperationException("Not started.");

    public MediaServerHost B { get; private set; } = null!;

    public Uri AddressA => A.Address;

    public static string KeyOf(string owner) => "key-" + owner + "-0123456789abcdef";

    public static CallOptions As(string owner, CancellationToken cancellationToken = default) =>
        new(new Metadata { { "x-api-key", KeyOf(owner) } }, cancellationToken: cancellationToken);

    /// <summary>The configuration of a replica named <paramref name="replica"/>.</summary>
    public Dictionary<string, string?> Configuration(string replica)
    {
        var configuration = MediaServerHost.AzureBlob(_azurite.ConnectionString, _container);
        for (var i = 0; i < Owners.Length; i++)
        {
            configuration[$"Authentication:ApiKeys:{i}:Key"] = KeyOf(Owners[i]);
            configuration[$"Authentication:ApiKeys:{i}:Owner"] = Owners[i];
        }

        configuration["Media:BlockSize"] = (64 * 1024).ToString(CultureInfo.InvariantCulture);
        configuration["Transfers:Provider"] = "Redis";
        configuration["Transfers:Redis:Configuration"] = _redisConfiguration;
        configuration["Transfers:KeyPrefix"] = _keyPrefix;
        configuration["Transfers:ReplicaName"] = replica;
        configuration["Transfers:HeartbeatTtl"] = HeartbeatTtl.ToString("c", CultureInfo.InvariantCulture);
        configuration["Transfers:HeartbeatInterval"] = "00:00:00.300";
        configuration["Transfers:ProgressInterval"] = "00:00:00.050";
        return configuration;
    }

    internal Task<ServerProcess> StartProcessAsync(string replica, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var configuration = Configuration(replica);
        configuration["Logging:LogLevel:Default"] = "Warning";
        return ConfigureProcessesByEnvironment
            ? ServerProcess.StartWithEnvironmentAsync(
                FreePort.Next(),
                AppContext.BaseDirectory,
                configuration.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value ?? string.Empty))
            : ServerProcess.StartAsync(FreePort.Next(), AppContext.BaseDirectory, ServerProcess.ArgumentsFor(configuration));
    }

    /// <summary>Whether replica processes (A, and any a test starts) get their configuration from environment variables instead of arguments.</summary>
    protected virtual bool ConfigureProcessesByEnvironment => false;

    /// <summary>Starts the Redis the replicas share; returns its StackExchange.Redis configuration string and what stops it.</summary>
    protected virtual async Task<(string Configuration, IAsyncDisposable Redis)> StartRedisAsync(CancellationToken cancellationToken)
    {
        var redis = await RedisServerInstance.StartAsync(cancellationToken: cancellationToken);
        return (redis.Endpoint, redis);
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            (_redisConfiguration, _redis) = await StartRedisAsync(timeout.Token);
            await _azurite.InitializeAsync();
            _a = await StartProcessAsync("A", timeout.Token);
            B = await MediaServerHost.StartAsync(Configuration("B"));
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: stop what did start.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        await _azurite.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
