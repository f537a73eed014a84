using MediaGrpc.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Interop;

/// <summary>
/// The interop host: grpc.testing.TestService over h2c on 127.0.0.1, with our gRPC
/// server's defaults. Used by <c>Program</c> and, in process, by the conformance tests.
/// </summary>
public sealed class InteropServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InteropServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address it listens on, <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts listening on <paramref name="port"/>; logging goes to <paramref name="logging"/> (none when null).</summary>
    public static async Task<InteropServer> StartAsync(
        int port,
        Action<ILoggingBuilder>? logging = null,
        Action<GrpcServerOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var address = new Uri($"http://127.0.0.1:{port}");
        builder.WebHost.UseUrls(address.ToString()).ConfigureKestrelForGrpc();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddGrpcServer(configure);
        builder.Services.AddGrpcService<InteropTestService>();
        var app = builder.Build();
        app.MapGrpcServices();
        await app.StartAsync(cancellationToken);
        return new InteropServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
