using MediaGrpc.Interop;
using MediaGrpc.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Bench.Transport;

/// <summary>grpc.testing.TestService on Grpc.AspNetCore: tuned as the media service is, or at the library's defaults.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="port">Loopback port.</param>
    /// <param name="tuned">
    /// True: the service's Kestrel settings (ConfigureKestrelForGrpc, 16 MiB windows) and
    /// uploads read with the pooled chunk marshaller. False: Kestrel's and Grpc.AspNetCore's
    /// defaults with generated marshallers.
    /// </param>
    /// <param name="pooledUploads">With <paramref name="tuned"/>: false reads uploads with the generated marshaller, to measure what pooling saves.</param>
    public static async Task<BenchServer> StartAsync(int port, bool tuned, bool pooledUploads = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var address = new Uri($"http://127.0.0.1:{port}");
        builder.WebHost.UseUrls(address.ToString());
        if (tuned)
        {
            builder.WebHost.ConfigureKestrelForGrpc();
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        }

        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = 64 * 1024 * 1024;
            options.MaxSendMessageSize = null;
        });
        var app = builder.Build();
        if (tuned && pooledUploads)
        {
            app.MapGrpcService<PooledTestService>();
        }
        else
        {
            app.MapGrpcService<InteropTestService>();
        }

        await app.StartAsync();
        return new BenchServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
