using MediaGrpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Rpc.Tests.Server;

/// <summary>
/// Our gRPC server on a real Kestrel over loopback (h2c on a free port), hosting the
/// echo service. Collects log events at Error or above: a protocol test passes only if
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

    public EchoService Echo => _app.Services.GetRequiredService<EchoService>();

    public IReadOnlyCollection<string> LoggedErrors => _errors.Errors;

    public static async Task<EchoServerHost> StartAsync(Action<GrpcServerOptions>? configure = null, Action<GrpcKestrelOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0").ConfigureKestrelForGrpc(kestrel);
        var errors = new ErrorLogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        builder.Services.AddGrpcServer(configure);
        builder.Services.AddGrpcService<EchoService>();
        var app = builder.Build();
        app.MapGrpcServices();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new EchoServerHost(app, errors, new Uri(address));
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
