using Xunit;

namespace MediaGrpc.Testing;

/// <summary>
/// An Azurite blob emulator for a test class: the endpoint in
/// <c>MEDIAGRPC_TEST_AZURITE_BLOB_ENDPOINT</c> when set (a CI service container, say), otherwise
/// a throwaway <see cref="AzuriteProcess"/> killed on dispose. Either way the well-known
/// development account (<see cref="AzuriteDevelopmentAccount"/>) is used.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Names an already running emulator's blob endpoint, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public const string EndpointVariable = "MEDIAGRPC_TEST_AZURITE_BLOB_ENDPOINT";

    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(30);

    private AzuriteProcess? _process;
    private string? _blobEndpoint;

    /// <summary>The blob endpoint of the development account, without a trailing '/'.</summary>
    public string BlobEndpoint => _blobEndpoint ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A Shared Key connection string for the development account at <see cref="BlobEndpoint"/>.</summary>
    public string ConnectionString => AzuriteDevelopmentAccount.ConnectionString(BlobEndpoint);

    /// <summary>Whether the emulator came from <see cref="EndpointVariable"/> rather than this fixture.</summary>
    public bool IsExternal => _process is null;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EndpointVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _blobEndpoint = external.Trim().TrimEnd('/');
            return;
        }

        using var timeout = new CancellationTokenSource(s_readyTimeout * 4);
        _process = await AzuriteProcess.StartAsync(s_readyTimeout, timeout.Token);
        _blobEndpoint = _process.BlobEndpoint;
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        _process = null;
        return Task.CompletedTask;
    }
}
