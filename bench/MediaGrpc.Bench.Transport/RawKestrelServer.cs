using System.Buffers;
using System.IO.Pipelines;
using MediaGrpc.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Bench.Transport;

/// <summary>
/// The ceiling: Kestrel HTTP/2 with the same settings as our gRPC server and no gRPC at
/// all. POST /unary answers 8 bytes; /upload reads the body to its end; /download?count=N&amp;size=S
/// writes N chunks of S bytes, flushing each, as a server stream would.
/// </summary>
internal sealed class RawKestrelServer : IAsyncDisposable
{
    private static readonly byte[] s_zeros = new byte[4 * 1024 * 1024];
    private readonly WebApplication _app;

    private RawKestrelServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<RawKestrelServer> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var address = new Uri($"http://127.0.0.1:{port}");
        builder.WebHost.UseUrls(address.ToString()).ConfigureKestrelForGrpc().ConfigureKestrel(kestrel =>
        {
            // As Grpc.AspNetCore does per call: streams are of any length and pace.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/unary", async context =>
        {
            await DrainAsync(context.Request.BodyReader, context.RequestAborted);
            await context.Response.BodyWriter.WriteAsync(s_zeros.AsMemory(0, 8), context.RequestAborted);
        });
        app.MapPost("/upload", async context =>
        {
            var total = await DrainAsync(context.Request.BodyReader, context.RequestAborted);
            await context.Response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
        });
        app.MapPost("/download", async context =>
        {
            var count = int.Parse(context.Request.Query["count"]!, System.Globalization.CultureInfo.InvariantCulture);
            var size = int.Parse(context.Request.Query["size"]!, System.Globalization.CultureInfo.InvariantCulture);
            await DrainAsync(context.Request.BodyReader, context.RequestAborted);
            for (var i = 0; i < count; i++)
            {
                await context.Response.BodyWriter.WriteAsync(s_zeros.AsMemory(0, size), context.RequestAborted);
            }
        });
        await app.StartAsync();
        return new RawKestrelServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<long> DrainAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            total += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return total;
            }
        }
    }
}
