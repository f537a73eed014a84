using Grpc.Net.Client;
using MediaGrpc.Server.Hosting;
using MediaGrpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Interop.Tests.Server;

/// <summary>
/// The echo service on Grpc.AspNetCore with the media service's gRPC hosting (Kestrel
/// settings, the <c>Grpc</c> options, error mapping and call limits), on a real Kestrel over
/// loopback (h2c on a free port). Collects log events at Error or above: a protocol test passes only if
/// the server logged no unexpected failure.
/// </summary>
internal sealed class EchoServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ErrorLogCollector _errors;

    private EchoServerHost(WebApplication app, ErrorLogCollector errors, Uri address)
    {
        _app = app;
        _errors = errors;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public TestEchoService Echo => _app.Services.GetRequiredService<TestEchoService>();

    public IReadOnlyCollection<string> LoggedErrors => _errors.Errors;

    public static async Task<EchoServerHost> StartAsync(Action<GrpcServerOptions>? configure = null, Action<GrpcKestrelOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0").ConfigureKestrelForGrpc(kestrel);
        var errors = new ErrorLogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        builder.Services.AddGrpcHosting([]);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.AddSingleton<TestEchoService>();
        var app = builder.Build();
        app.MapGrpcService<TestEchoService>();
        app.MapGrpcHosting();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new EchoServerHost(app, errors, new Uri(address));
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options ?? new GrpcChannelOptions());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
