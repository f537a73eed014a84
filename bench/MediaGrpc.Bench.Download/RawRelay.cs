using System.Globalization;
using System.Net;
using MediaGrpc.Server.Hosting;
using Azure.Storage.Blobs.Specialized;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Bench.Download;

/// <summary>
/// The ceiling of any service between a client and Azurite: Kestrel HTTP/2 with the
/// service's settings, copying one ranged Get Blob (Azure.Storage.Blobs, as the service) straight into the response body — no
/// gRPC framing, no protobuf, no transfer tracking, no read-ahead. Whatever the service
/// does, it cannot move bytes faster than this extra hop does on the same machine.
/// </summary>
internal sealed class RawRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private RawRelay(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        _client = new HttpClient(new SocketsHttpHandler
        {
            // As GrpcChannel's handler: 16 MiB stream window.
            InitialHttp2StreamWindowSize = 16 * 1024 * 1024,
        })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public Uri Address { get; }

    public static async Task<RawRelay> StartAsync(BlobBaseClient blob)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0").ConfigureKestrelForGrpc();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/relay/{length:long}", async (HttpContext context, long length) =>
        {
            await using var content = await DirectRead.OpenAsync(blob, length, context.RequestAborted);
            await content.CopyToAsync(context.Response.Body, 1024 * 1024, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RawRelay(app, new Uri(address));
    }

    /// <summary>Opens the first <paramref name="length"/> bytes of the relayed blob as the client reads them.</summary>
    public async Task<Stream> OpenAsync(long length)
    {
        var response = await _client.GetAsync(new Uri(Address, "/relay/" + length.ToString(CultureInfo.InvariantCulture)), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStreamAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
