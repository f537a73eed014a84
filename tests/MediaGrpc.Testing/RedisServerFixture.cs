using System.Globalization;
using Xunit;

namespace MediaGrpc.Testing;

/// <summary>
/// A real Redis for integration tests: the server named by <c>MEDIAGRPC_TEST_REDIS</c>
/// (<c>host:port</c>, e.g. a CI service container), or else a throwaway <c>redis-server</c>
/// this fixture starts on a free loopback port and kills on dispose.
/// </summary>
/// <remarks>
/// Share one across test classes with a <c>[CollectionDefinition(RedisServerFixture.CollectionName)]</c>
/// in the test assembly. Tests that kill or reconfigure a server start their own with
/// <see cref="StartInstanceAsync"/> so they cannot disturb the shared one.
/// </remarks>
public sealed class RedisServerFixture : IAsyncLifetime
{
    /// <summary>Environment variable holding <c>host:port</c> of an existing server to use instead.</summary>
    public const string EndpointVariable = "MEDIAGRPC_TEST_REDIS";

    /// <summary>Suggested xunit collection name for sharing the fixture.</summary>
    public const string CollectionName = "redis-server";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    // Extra instances, killed with the fixture in case a test forgot to dispose one.
    private readonly List<RedisServerInstance> _extraInstances = [];

    /// <summary>The shared server as <c>host:port</c>. Set once <see cref="InitializeAsync"/> has run.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The shared server's TCP port.</summary>
    public int Port { get; private set; }

    /// <summary>The process this fixture started; null when the server came from <see cref="EndpointVariable"/>.</summary>
    public RedisServerInstance? Server { get; private set; }

    /// <summary>True when the server came from <see cref="EndpointVariable"/> and cannot be killed or restarted.</summary>
    public bool IsExternal => Server is null;

    /// <summary>
    /// Starts an additional throwaway server with extra command-line arguments (for example
    /// <c>["--requirepass", "secret"]</c>). The caller should dispose it; the fixture kills any
    /// still running when it is disposed. Needs redis-server installed even when
    /// <see cref="EndpointVariable"/> is set.
    /// </summary>
    public async Task<RedisServerInstance> StartInstanceAsync(IEnumerable<string>? extraArguments = null, CancellationToken cancellationToken = default)
    {
        var instance = await RedisServerInstance.StartAsync(extraArguments, cancellationToken);
        lock (_extraInstances)
        {
            _extraInstances.Add(instance);
        }

        return instance;
    }

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EndpointVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var colon = external.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(external.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                throw new InvalidOperationException($"{EndpointVariable}='{external}' is not of the form host:port.");
            }

            Endpoint = external.Trim();
            Port = port;
            return;
        }

        using var timeout = new CancellationTokenSource(s_startTimeout);
        Server = await RedisServerInstance.StartAsync(null, timeout.Token);
        Endpoint = Server.Endpoint;
        Port = Server.Port;
    }

    public async Task DisposeAsync()
    {
        RedisServerInstance[] extras;
        lock (_extraInstances)
        {
            extras = [.. _extraInstances];
            _extraInstances.Clear();
        }

        foreach (var instance in extras)
        {
            await instance.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
