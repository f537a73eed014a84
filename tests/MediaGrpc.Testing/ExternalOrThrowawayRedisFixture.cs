using Xunit;

namespace MediaGrpc.Testing;

/// <summary>
/// A real Redis deployment for integration tests: the one whose StackExchange.Redis
/// configuration string is in the environment variable a subclass names (e.g. service
/// containers in CI), or else a throwaway one the subclass starts, killed on dispose.
/// </summary>
public abstract class ExternalOrThrowawayRedisFixture : IAsyncLifetime
{
    private readonly string _configurationVariable;
    private IAsyncDisposable? _throwaway;

    protected ExternalOrThrowawayRedisFixture(string configurationVariable) => _configurationVariable = configurationVariable;

    /// <summary>How to reach it: a StackExchange.Redis configuration string.</summary>
    public string Configuration { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(_configurationVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            Configuration = external.Trim();
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        (_throwaway, Configuration) = await StartThrowawayAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_throwaway is not null)
        {
            await _throwaway.DisposeAsync();
        }
    }

    /// <summary>Starts a throwaway deployment; returns it (to dispose) and its configuration string.</summary>
    protected abstract Task<(IAsyncDisposable Instance, string Configuration)> StartThrowawayAsync(CancellationToken cancellationToken);
}
