using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>A running service for a test class, on some blob store.</summary>
public interface IMediaServerFixture
{
    MediaServerHost Host { get; }

    /// <summary>The server's clock, to move past TTLs without waiting.</summary>
    AdjustableClock Clock { get; }
}

/// <summary>The service on the local-disk store, in a temporary folder.</summary>
public sealed class LocalDiskServerFixture : IMediaServerFixture, IAsyncLifetime
{
    private MediaServerHost? _host;

    public MediaServerHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public AdjustableClock Clock { get; } = new();

    public async Task InitializeAsync() => _host = await MediaServerHost.StartOnLocalDiskAsync(clock: Clock);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>The service on Azure Blob storage, played by a real Azurite.</summary>
public sealed class AzuriteServerFixture : IMediaServerFixture, IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private MediaServerHost? _host;

    public MediaServerHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public AdjustableClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var container = "media-" + Guid.NewGuid().ToString("N")[..12];
        _host = await MediaServerHost.StartAsync(MediaServerHost.AzureBlob(_azurite.ConnectionString, container), Clock);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}
