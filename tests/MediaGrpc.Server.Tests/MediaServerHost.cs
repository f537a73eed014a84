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

    private MediaServerHost(WebApplication app, ErrorLogCollector errors, InFlightCalls calls, Uri address)
    {
        _app = app;
        _errors = errors;
        _calls = calls;
        Address = address;
    }

    /// <summary>The server's address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; }

    /// <summary>Every Error-or-worse log message the server wrote.</summary>
    public IReadOnlyCollection<string> LoggedErrors => _errors.Errors;

    public IServiceProvider Services => _app.Services;

    /// <param name="configuration">Settings over the defaults, as in appsettings.json.</param>
    /// <param name="clock">The server's clock; the system clock when null.</param>
    /// <param name="configureServices">Extra registrations after the service's own, e.g. a test exporter.</param>
    public static async Task<MediaServerHost> StartAsync(IDictionary<string, string?> configuration, TimeProvider? clock = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var errors = new ErrorLogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
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
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new MediaServerHost(app, errors, calls, new Uri(address));
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
        if (stillRunning.Count > 0)
        {
            throw new InvalidOperationException($"Calls still ran 10 s after the server stopped: {string.Join(", ", stillRunning)}.");
        }
    }
}
