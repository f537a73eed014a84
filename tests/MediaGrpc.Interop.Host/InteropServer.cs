using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Interop;

/// <summary>
/// The interop host: grpc.testing.TestService on Grpc.AspNetCore over h2c on 127.0.0.1,
/// with the library's defaults and reflection. Used by <c>Program</c> and, in process, by the interop tests.
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

    /// <summary>Builds the host on <paramref name="port"/>; logging goes to <paramref name="logging"/> (none when null).</summary>
    public static WebApplication Build(int port, Action<ILoggingBuilder>? logging = null, Action<GrpcServiceOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost
            .UseUrls($"http://127.0.0.1:{port}")
            .ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<ClientResetInterceptor>();
            configure?.Invoke(options);
        });
        builder.Services.AddGrpcReflection();
        var app = builder.Build();
        app.MapGrpcService<InteropTestService>();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>Starts listening on <paramref name="port"/>, in process.</summary>
    public static async Task<InteropServer> StartAsync(
        int port,
        Action<ILoggingBuilder>? logging = null,
        Action<GrpcServiceOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var app = Build(port, logging, configure);
        await app.StartAsync(cancellationToken);
        return new InteropServer(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
