using MediaGrpc.Client;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Server.Hosting;
using MediaGrpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// The real service on Kestrel, bound to a free loopback port, with the same wiring as
/// Program.cs and the given configuration. Records every log event at Error or above,
/// so tests can check nothing failed unexpectedly on the server, and fails its disposal
/// when a call still runs after the server stopped (a handler that ignores its call's end).
/// </summary>
public sealed class MediaServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ErrorLogCollector _errors;
    private readonly InFlightCalls _calls;
    private string? _ownedRoot;

    private MediaServerHost(WebApplication app, ErrorLogCollector errors, InFlightCalls calls, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        _errors = errors;
        _calls = calls;
        Addresses = addresses;
    }

    /// <summary>The server's address, e.g. http://127.0.0.1:41234 (the first, with several endpoints).</summary>
    public Uri Address => Addresses[0];

    /// <summary>Every address the server listens on: one, or those of <c>Kestrel:Endpoints</c> when the configuration names them.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>Every Error-or-worse log message the server wrote.</summary>
    public IReadOnlyCollection<string> LoggedErrors => _errors.Errors;

    public IServiceProvider Services => _app.Services;

    /// <param name="configuration">Settings over the defaults, as in appsettings.json.</param>
    /// <param name="clock">The server's clock; the system clock when null.</param>
    /// <param name="configureServices">Extra registrations after the service's own, e.g. a test exporter.</param>
    /// <param name="logs">Another logger provider, given every event from Trace up, e.g. to look for secrets in them.</param>
    public static async Task<MediaServerHost> StartAsync(
        IDictionary<string, string?> configuration, TimeProvider? clock = null, Action<IServiceCollection>? configureServices = null, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(configuration);
        if (!configuration.Keys.Any(k => k.StartsWith("Kestrel:Endpoints:", StringComparison.Ordinal)))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        var errors = new ErrorLogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.AddMediaGrpc();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        var calls = new InFlightCalls();
        app.Use(calls.TrackAsync);
        app.MapMediaGrpc();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new MediaServerHost(app, errors, calls, [.. addresses.Select(a => new Uri(a))]);
    }

    /// <summary>
    /// The service on the local-disk store, in a temporary folder of its own that is deleted
    /// when the host is disposed.
    /// </summary>
    /// <param name="configure">Settings over the store's, e.g. <c>c => c["Media:MaxPauseDuration"] = "00:00:01"</c>.</param>
    /// <param name="clock">The server's clock; the system clock when null.</param>
    public static async Task<MediaServerHost> StartOnLocalDiskAsync(Action<Dictionary<string, string?>>? configure = null, TimeProvider? clock = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "mediagrpc-tests-" + Guid.NewGuid().ToString("N"));
        var configuration = LocalDisk(root);
        configure?.Invoke(configuration);
        try
        {
            var host = await StartAsync(configuration, clock);
            host._ownedRoot = root;
            return host;
        }
        catch
        {
            DeleteFolder(root);
            throw;
        }
    }

    /// <summary>A configuration storing blobs under <paramref name="root"/> on local disk.</summary>
    public static Dictionary<string, string?> LocalDisk(string root) => new()
    {
        ["Storage:Provider"] = "LocalDisk",
        ["Storage:LocalDisk:RootPath"] = root,
    };

    /// <summary>A configuration storing blobs in Azurite (or any Azure Blob endpoint).</summary>
    public static Dictionary<string, string?> AzureBlob(string connectionString, string container) => new()
    {
        ["Storage:Provider"] = "AzureBlob",
        ["Storage:AzureBlob:ConnectionString"] = connectionString,
        ["Storage:AzureBlob:ContainerName"] = container,
    };

    /// <summary>A new channel to this server; the caller disposes it.</summary>
    public GrpcChannel CreateChannel() => GrpcChannel.ForAddress(Address);

    /// <summary>A client on a new channel; dispose the channel when done.</summary>
    public (GrpcChannel Channel, MediaGrpcClient Client) CreateClient(MediaGrpcClientOptions? options = null)
    {
        var channel = CreateChannel();
        return (channel, new MediaGrpcClient(channel, options));
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping ends every connection, so every call must end soon after.
        await _app.StopAsync();
        var stillRunning = await _calls.WaitUntilNoneAsync(TimeSpan.FromSeconds(10));
        await _app.DisposeAsync();
        if (_ownedRoot is not null)
        {
            DeleteFolder(_ownedRoot);
        }

        if (stillRunning.Count > 0)
        {
            throw new InvalidOperationException($"Calls still ran 10 s after the server stopped: {string.Join(", ", stillRunning)}.");
        }
    }

    private static void DeleteFolder(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
