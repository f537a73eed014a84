using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Interop.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;
using Xunit.Abstractions;
using System.Diagnostics;

namespace MediaGrpc.Interop.Tests.Server;

/// <summary>Limits that protect the server from slow, silent, greedy or hostile clients.</summary>
public sealed class HardeningTests(ITestOutputHelper output)
{
    private const string UnaryPath = "/mediagrpc.testing.EchoService/Unary";

    [Fact(Timeout = 30_000)]
    public async Task Max_call_duration_ends_a_call_that_sent_no_deadline()
    {
        await using var host = await EchoServerHost.StartAsync(o => o.MaxCallDuration = TimeSpan.FromMilliseconds(300));
        using var channel = host.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { DelayMs = 20_000 }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await host.Echo.HandlerSawCancellation.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_idle_timeout_ends_a_client_stream_that_stopped_sending()
    {
        await using var host = await EchoServerHost.StartAsync(o => o.StreamIdleTimeout = TimeSpan.FromMilliseconds(300));
        using var channel = host.CreateChannel();
        using var call = channel.ClientStreaming(EchoMethods.ClientStream);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "then silence" }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Contains("idle", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Client_that_stops_reading_holds_the_server_to_its_flow_control_window()
    {
        const int window = 1024 * 1024;
        const int messageSize = 64 * 1024;
        await using var host = await EchoServerHost.StartAsync();
        using var channel = host.CreateChannel(new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { InitialHttp2StreamWindowSize = window } });
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[messageSize]), Count = 1000 };

        // 64 MiB offered; the client reads nothing.
        using var call = channel.ServerStreaming(EchoMethods.ServerStream, request);
        await call.ResponseHeadersAsync;
        await Task.Delay(1500);
        var written = host.Echo.StreamedBytes;

        // The client's window, Kestrel's response buffer (64 KiB) and the message in flight.
        Assert.True(written <= window + (4 * messageSize), $"The server completed {written} bytes of writes for a client that read nothing.");
        Assert.True(written > 0, "The server should have sent up to the window.");
    }

    [Fact(Timeout = 30_000)]
    public async Task Hundred_MiB_message_is_refused_from_its_prefix_without_buffering_it()
    {
        await using var host = await EchoServerHost.StartAsync();
        using var http = RawGrpcRequest.CreateClient();
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Address, UnaryPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new EndlessFrameContent(100 * 1024 * 1024),
        };
        message.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var status = RawGrpcRequest.GrpcStatus(response);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(StatusCode.ResourceExhausted, status);
        Assert.True(allocated < 20 * 1024 * 1024, $"{allocated} bytes were allocated while refusing a 100 MiB message.");
        using var channel = host.CreateChannel();
        Assert.Equal("still here", (await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "still here" })).Text);
    }

    [Fact(Timeout = 60_000)]
    public async Task Rapid_reset_flood_on_one_connection_does_not_hurt_another_clients_calls()
    {
        await using var host = await EchoServerHost.StartAsync();
        using var channel = host.CreateChannel();
        await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "warm" });

        using var flood = new CancellationTokenSource();
        var attacker = Task.Run(() => FloodWithResetsAsync(host.Address.Port, 20_000, flood.Token));
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 50; i++)
        {
            var started = DateTime.UtcNow;
            var response = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "victim" });
            latencies.Add(DateTime.UtcNow - started);
            Assert.Equal("victim", response.Text);
        }

        var outcome = await attacker;
        await flood.CancelAsync();

        output.WriteLine($"rapid reset: connection closed by the server: {outcome.ClosedByServer}, when {outcome.SentAtClose} HEADERS+RST_STREAM pairs were written; GOAWAY error 0x{outcome.GoAwayError:X} at {outcome.SentAtGoAway} (-1: none seen); {outcome.Sent} written in all");
        Assert.True(outcome.ClosedByServer, $"Kestrel should close the flooding connection; it took {outcome.Sent} resets.");
        latencies.Sort();
        Assert.True(latencies[^3] < TimeSpan.FromSeconds(2), $"Victim calls slowed to {latencies[^3]}.");
    }

    [Fact(Timeout = 30_000)]
    public async Task Server_pings_an_idle_connection_and_closes_it_when_the_ping_goes_unanswered()
    {
        await using var host = await EchoServerHost.StartAsync(kestrel: k =>
        {
            k.KeepAlivePingDelay = TimeSpan.FromSeconds(1);
            k.KeepAlivePingTimeout = TimeSpan.FromSeconds(1);
        });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await stream.WriteAsync(Frame(type: 4, flags: 0, streamId: 0, []));

        // Read frames without ever answering a PING, until the server closes the connection.
        var sawPing = false;
        var header = new byte[9];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await ReadExactlyOrEndAsync(stream, header, limit.Token))
        {
            var length = (header[0] << 16) | (header[1] << 8) | header[2];
            sawPing |= header[3] == 6 && (header[4] & 1) == 0;
            if (!await ReadExactlyOrEndAsync(stream, new byte[length], limit.Token))
            {
                break;
            }
        }

        Assert.True(sawPing, "The server sent no keep-alive PING.");
    }

    /// <remarks>Kestrel bounds the wait for the HTTP/2 preface by its keep-alive timeout (our IdleConnectionTimeout), not by RequestHeadersTimeout.</remarks>
    [Fact(Timeout = 30_000)]
    public async Task Connection_that_sends_nothing_is_closed_after_the_idle_connection_timeout()
    {
        await using var host = await EchoServerHost.StartAsync(kestrel: k => k.IdleConnectionTimeout = TimeSpan.FromSeconds(1));

        // Started before the connection exists, so the server's timeout cannot begin earlier.
        var waited = Stopwatch.StartNew();
        using var silent = await RawHttp2Connection.ConnectAsync(host.Address.Port, preface: false);

        await silent.ReadFramesAsync(TimeSpan.FromSeconds(20));

        output.WriteLine($"silent connection closed after {waited.Elapsed.TotalSeconds:F1} s (IdleConnectionTimeout 1 s)");
        Assert.True(silent.Closed, "The server kept a connection that never sent the HTTP/2 preface.");
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_whose_headers_never_end_is_closed_after_the_request_headers_timeout()
    {
        await using var host = await EchoServerHost.StartAsync(kestrel: k => k.RequestHeadersTimeout = TimeSpan.FromSeconds(1));
        using var slow = await RawHttp2Connection.ConnectAsync(host.Address.Port);

        // HEADERS without END_HEADERS: the server waits for a CONTINUATION that never comes.
        var block = RawHttp2Connection.GrpcRequestHeaders(UnaryPath);
        var waited = Stopwatch.StartNew();
        await slow.Stream.WriteAsync(RawHttp2Connection.Frame(RawHttp2Connection.Headers, 0, 1, block.AsSpan(0, block.Length / 2)));
        var frames = await slow.ReadFramesAsync(TimeSpan.FromSeconds(20));

        output.WriteLine($"unfinished headers: connection closed after {waited.Elapsed.TotalSeconds:F1} s, GOAWAY sent: {frames.Any(f => f.Type == RawHttp2Connection.GoAway)}");
        Assert.True(slow.Closed, "The server kept a connection whose request headers never ended.");
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));
        using var channel = host.CreateChannel();
        Assert.Equal("still here", (await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "still here" })).Text);
    }

    private static async Task<bool> ReadExactlyOrEndAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return false;
        }
    }

    private sealed record FloodOutcome(int Sent, bool ClosedByServer, int SentAtGoAway, int GoAwayError, int SentAtClose);

    /// <summary>
    /// Opens raw HTTP/2 streams and resets each at once (CVE-2023-44487), until the server
    /// closes the connection or <paramref name="streams"/> were sent.
    /// </summary>
    private static async Task<FloodOutcome> FloodWithResetsAsync(int port, int streams, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), cancellationToken);
        await stream.WriteAsync(Frame(type: 4, flags: 0, streamId: 0, []), cancellationToken); // SETTINGS

        // HPACK: :method POST (static 3), :scheme http (6), :path / (4), :authority literal (name index 1).
        byte[] block = [0x83, 0x86, 0x84, 0x41, 9, .. "127.0.0.1"u8];
        var sent = 0;
        var (sentAtGoAway, goAwayError, sentAtClose) = (-1, -1, -1);
        var drain = Task.Run(async () =>
        {
            // Reads the server's frames, noting the first GOAWAY and how many resets were sent by then.
            var header = new byte[9];
            try
            {
                while (true)
                {
                    await stream.ReadExactlyAsync(header, cancellationToken);
                    var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
                    await stream.ReadExactlyAsync(payload, cancellationToken);
                    if (header[3] == RawHttp2Connection.GoAway && payload.Length >= 8 && sentAtGoAway < 0)
                    {
                        (sentAtGoAway, goAwayError) = (Volatile.Read(ref sent), BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4)));
                    }
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or ObjectDisposedException)
            {
            }

            sentAtClose = Volatile.Read(ref sent);
        }, cancellationToken);

        try
        {
            var batch = new MemoryStream();
            for (var id = 1; sent < streams && !drain.IsCompleted; id += 2)
            {
                batch.Write(Frame(type: 1, flags: 0x4, streamId: id, block)); // HEADERS, END_HEADERS
                batch.Write(Frame(type: 3, flags: 0, streamId: id, [0, 0, 0, 8])); // RST_STREAM CANCEL
                sent++;
                if (sent % 100 == 0)
                {
                    await stream.WriteAsync(batch.ToArray(), cancellationToken);
                    batch.SetLength(0);
                }
            }
        }
        catch (IOException)
        {
            // The server closed the connection.
        }

        var closed = await Task.WhenAny(drain, Task.Delay(5000, cancellationToken)) == drain;
        return new FloodOutcome(sent, closed, sentAtGoAway, goAwayError, closed ? sentAtClose : -1);
    }

    private static byte[] Frame(byte type, byte flags, int streamId, byte[] payload) => RawHttp2Connection.Frame(type, flags, streamId, payload);

    /// <summary>A request body declaring one huge message and writing zeros from one reused buffer until refused.</summary>
    private sealed class EndlessFrameContent(int declaredLength) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var header = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)declaredLength);
            await stream.WriteAsync(header);
            var chunk = new byte[64 * 1024];
            try
            {
                for (var sent = 0; sent < declaredLength; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk);
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
            {
                // Refused: the server reset the stream.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
