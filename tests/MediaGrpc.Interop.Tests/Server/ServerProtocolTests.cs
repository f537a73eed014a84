using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Interop.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Interop.Tests.Server;

/// <summary>
/// How our server answers what clients get wrong, and that it keeps serving after each:
/// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md
/// </summary>
public sealed class ServerProtocolTests : IAsyncLifetime
{
    private EchoServerHost _host = null!;

    public async Task InitializeAsync() => _host = await EchoServerHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task Non_grpc_content_type_gets_415_and_the_server_keeps_serving()
    {
        using var http = RawGrpcRequest.CreateClient();

        using var response = await RawGrpcRequest.SendAsync(http, _host.Address, "/mediagrpc.testing.EchoService/Unary", Encoding.UTF8.GetBytes("{}"), "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Http1_request_is_refused_and_the_server_keeps_serving()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _host.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /mediagrpc.testing.EchoService/Unary HTTP/1.1\r\nHost: x\r\nContent-Type: application/grpc\r\nContent-Length: 0\r\n\r\n"));
        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer);

        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Message_over_the_receive_limit_gets_resource_exhausted_and_the_server_keeps_serving()
    {
        using var channel = _host.CreateChannel();
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[(4 * 1024 * 1024) + 1]) };

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, request));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        await AssertStillServingAsync();
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/mediagrpc.testing.EchoService/NoSuchMethod")]
    [InlineData("/no.such.Service/Unary")]
    public async Task Unknown_method_or_service_gets_unimplemented(string path)
    {
        using var http = RawGrpcRequest.CreateClient();

        using var response = await RawGrpcRequest.SendAsync(http, _host.Address, path, RawGrpcRequest.Frame([]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, RawGrpcRequest.GrpcStatus(response));
        await AssertStillServingAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Path_that_is_not_service_and_method_gets_http_404_and_the_server_keeps_serving()
    {
        using var http = RawGrpcRequest.CreateClient();

        using var response = await RawGrpcRequest.SendAsync(http, _host.Address, "/garbage", RawGrpcRequest.Frame([]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertStillServingAsync();
    }

    public static TheoryData<string, byte[]> MalformedBodies => new()
    {
        { "truncated length prefix", [0, 0, 0] },
        { "length beyond the body", RawGrpcRequest.Frame([1, 2, 3], declaredLength: 100) },
        { "compressed flag without encoding", RawGrpcRequest.Frame([1, 2, 3], flag: 1) },
        { "invalid flag", RawGrpcRequest.Frame([1, 2, 3], flag: 7) },
        { "random bytes as protobuf", RawGrpcRequest.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) },
        { "two messages on a unary call", [.. RawGrpcRequest.Frame([]), .. RawGrpcRequest.Frame([])] },
        { "no message at all", [] },
    };

    /// <remarks>
    /// Grpc.AspNetCore reads the single request of a unary call before any of our code runs:
    /// framing errors get INTERNAL, a body that is not valid protobuf (or has an invalid
    /// compressed flag) UNKNOWN, and the library logs those as errors.
    /// </remarks>
    [Theory(Timeout = 30_000)]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_unary_request_gets_an_error_status_and_the_server_keeps_serving(string what, byte[] body)
    {
        using var http = RawGrpcRequest.CreateClient();

        using var response = await RawGrpcRequest.SendAsync(http, _host.Address, "/mediagrpc.testing.EchoService/Unary", body);

        Assert.True(RawGrpcRequest.GrpcStatus(response) is StatusCode.Internal or StatusCode.Unknown, what);
        await AssertStillServingAsync();
    }

    /// <remarks>On a stream, messages are read by the handler, and the error mapping answers INTERNAL without an error in the log.</remarks>
    [Theory(Timeout = 30_000)]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_streamed_request_gets_internal_and_the_server_keeps_serving(string what, byte[] body)
    {
        using var http = RawGrpcRequest.CreateClient();

        using var response = await RawGrpcRequest.SendAsync(http, _host.Address, "/mediagrpc.testing.EchoService/ClientStream", body);

        var status = RawGrpcRequest.GrpcStatus(response);
        if (what is "two messages on a unary call" or "no message at all")
        {
            // Valid on a client stream: two empty requests, or none.
            Assert.True(status == StatusCode.OK, what);
            return;
        }

        Assert.True(status == StatusCode.Internal, $"{what}: {status}");
        await AssertStillServingAsync();
        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = 30_000)]
    public async Task Failure_before_any_message_is_a_trailers_only_response()
    {
        using var http = RawGrpcRequest.CreateClient();
        var request = new EchoRequest { FailWithCode = (int)StatusCode.NotFound, FailMessage = "gone 100% ü" };

        using var response = await RawGrpcRequest.SendAsync(http, _host.Address, "/mediagrpc.testing.EchoService/Unary", RawGrpcRequest.Frame(request.ToByteArray()));

        Assert.Equal("5", RawGrpcRequest.Find(response.Headers, "grpc-status"));
        Assert.Equal("gone 100%25 %C3%BC", RawGrpcRequest.Find(response.Headers, "grpc-message"));
        Assert.Empty(response.TrailingHeaders);
    }

    [Fact(Timeout = 30_000)]
    public async Task Status_and_message_reach_our_client_decoded()
    {
        using var channel = _host.CreateChannel();
        var request = new EchoRequest { FailWithCode = (int)StatusCode.FailedPrecondition, FailMessage = "100% ü\nnext" };

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, request));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("100% ü\nnext", error.Status.Detail);
    }

    [Fact(Timeout = 30_000)]
    public async Task Deadline_ends_a_slow_call_with_deadline_exceeded_and_cancels_the_handler()
    {
        using var channel = _host.CreateChannel();
        var request = new EchoRequest { DelayMs = 20_000 };
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(EchoMethods.Unary, request, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300))));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await _host.Echo.HandlerSawCancellation.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact(Timeout = 30_000)]
    public async Task Server_side_deadline_from_grpc_timeout_answers_deadline_exceeded()
    {
        using var http = RawGrpcRequest.CreateClient();
        using var request = RawGrpcRequest.Post(_host.Address, "/mediagrpc.testing.EchoService/Unary", RawGrpcRequest.Frame(new EchoRequest { DelayMs = 20_000 }.ToByteArray()));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "200m");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(StatusCode.DeadlineExceeded, RawGrpcRequest.GrpcStatus(response));
    }

    [Fact(Timeout = 30_000)]
    public async Task Client_reset_cancels_the_handler()
    {
        using var channel = _host.CreateChannel();
        var call = channel.DuplexStreaming(EchoMethods.Duplex);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" }, default);
        Assert.True(await call.ResponseStream.MoveNext(default));
        await call.RequestStream.WriteAsync(new EchoRequest { DelayMs = 20_000 }, default);

        call.Dispose();

        await _host.Echo.HandlerSawCancellation.WaitAsync(TimeSpan.FromSeconds(10));
        await AssertStillServingAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Each_call_kind_round_trips()
    {
        using var channel = _host.CreateChannel();

        var unary = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "u" });
        Assert.Equal("u", unary.Text);

        using var server = channel.ServerStreaming(EchoMethods.ServerStream, new EchoRequest { Text = "s", Count = 3 });
        var indexes = new List<int>();
        await foreach (var response in server.ResponseStream.ReadAllAsync())
        {
            indexes.Add(response.Index);
        }

        Assert.Equal([0, 1, 2], indexes);

        using var client = channel.ClientStreaming(EchoMethods.ClientStream);
        await client.RequestStream.WriteAsync(new EchoRequest { Text = "a" }, default);
        await client.RequestStream.WriteAsync(new EchoRequest { Text = "b" }, default);
        await client.RequestStream.CompleteAsync();
        Assert.Equal("a,b", (await client.ResponseAsync).Text);

        using var duplex = channel.DuplexStreaming(EchoMethods.Duplex);
        for (var i = 0; i < 3; i++)
        {
            await duplex.RequestStream.WriteAsync(new EchoRequest { Text = $"d{i}" }, default);
            Assert.True(await duplex.ResponseStream.MoveNext(default));
            Assert.Equal($"d{i}", duplex.ResponseStream.Current.Text);
        }

        await duplex.RequestStream.CompleteAsync();
        Assert.False(await duplex.ResponseStream.MoveNext(default));
        Assert.Empty(_host.LoggedErrors);
    }

    private async Task AssertStillServingAsync()
    {
        using var channel = _host.CreateChannel();
        var response = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "still here" });
        Assert.Equal("still here", response.Text);
    }
}
