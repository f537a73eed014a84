using System.Buffers.Binary;
using System.Diagnostics;
using MediaGrpc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MediaGrpc.Server.Tests.Hostile;

/// <summary>
/// Kestrel's limits as an operator sets them, through the <c>Grpc:Kestrel</c> section, on the
/// media server itself: a request whose headers never end is disconnected after
/// <c>RequestHeadersTimeout</c>, and the advertised stream limit is <c>MaxStreamsPerConnection</c>.
/// </summary>
public sealed class KestrelLimitsConfigurationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() => _host = await MediaServerHost.StartOnLocalDiskAsync(configuration =>
    {
        configuration["Grpc:Kestrel:RequestHeadersTimeout"] = "00:00:01";
        configuration["Grpc:Kestrel:MaxStreamsPerConnection"] = "7";
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Configured_headers_timeout_disconnects_slow_headers_and_the_stream_limit_is_advertised()
    {
        using var slow = await RawHttp2Connection.ConnectAsync(_host.Address.Port);
        var block = RawHttp2Connection.GrpcRequestHeaders("/mediagrpc.v1.MediaService/GetMedia");

        // HEADERS without END_HEADERS: the server waits for a CONTINUATION that never comes.
        var waited = Stopwatch.StartNew();
        await slow.Stream.WriteAsync(RawHttp2Connection.Frame(RawHttp2Connection.Headers, 0, 1, block.AsSpan(0, block.Length / 2)));
        var frames = await slow.ReadFramesAsync(TimeSpan.FromSeconds(20));

        output.WriteLine($"closed after {waited.Elapsed.TotalSeconds:F1} s");
        Assert.True(slow.Closed, "The server kept a connection whose request headers never ended.");
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
        var settings = frames.First(f => f.Type == RawHttp2Connection.Settings && (f.Flags & RawHttp2Connection.Ack) == 0).Payload;
        var maxStreams = Enumerable.Range(0, settings.Length / 6)
            .Where(i => BinaryPrimitives.ReadUInt16BigEndian(settings.AsSpan(i * 6)) == 3)
            .Select(i => BinaryPrimitives.ReadUInt32BigEndian(settings.AsSpan((i * 6) + 2)))
            .Single();
        Assert.Equal(7u, maxStreams);
    }
}
