using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Interop.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Interop.Tests.Server;

/// <summary>The server's limit on total request metadata, and that it keeps serving after refusing too much.</summary>
public sealed class MetadataLimitTests : IAsyncLifetime
{
    private EchoServerHost _host = null!;

    public async Task InitializeAsync() => _host = await EchoServerHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task Sixty_four_KiB_of_metadata_is_refused_and_the_server_keeps_serving()
    {
        using var channel = _host.CreateChannel();
        var headers = new Metadata();
        for (var i = 0; i < 16; i++)
        {
            headers.Add($"x-big-{i}", new string('m', 4096));
        }

        var error = await Assert.ThrowsAsync<RpcException>(
            () => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "x" }, new CallOptions(headers)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("metadata", error.Status.Detail, StringComparison.Ordinal);
        var response = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "still here" });
        Assert.Equal("still here", response.Text);
    }

    [Fact(Timeout = 30_000)]
    public async Task Metadata_under_the_limit_with_binary_values_reaches_the_handler()
    {
        using var channel = _host.CreateChannel();
        var headers = new Metadata { { "x-echo-note", new string('n', 8000) }, { "x-echo-blob-bin", new byte[] { 0, 1, 2, 255 } } };

        using var call = channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Count = 1 }, new CallOptions(headers));
        await foreach (var unused in call.ResponseStream.ReadAllAsync())
        {
        }

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }
}
