using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Interop.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Interop.Tests.Server;

/// <summary>
/// Message compression on our server and client,
/// https://github.com/grpc/grpc/blob/master/doc/compression.md.
/// </summary>
public sealed class CompressionTests : IAsyncLifetime
{
    private const string UnaryPath = "/mediagrpc.testing.EchoService/Unary";
    private EchoServerHost _host = null!;

    public async Task InitializeAsync() => _host = await EchoServerHost.StartAsync(o => o.ResponseCompression = "gzip");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task Gzip_request_is_inflated_and_the_response_comes_back_gzip_compressed()
    {
        using var http = RawGrpcRequest.CreateClient();
        var request = new EchoRequest { Text = "squeeze me", Payload = ByteString.CopyFrom(new byte[50_000]) };
        using var message = RawGrpcRequest.Post(_host.Address, UnaryPath, RawGrpcRequest.Frame(Gzip(request.ToByteArray()), flag: 1));
        message.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        message.Headers.TryAddWithoutValidation("grpc-accept-encoding", "gzip");

        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(StatusCode.OK, RawGrpcRequest.GrpcStatus(response));
        Assert.Equal("gzip", RawGrpcRequest.Find(response.Headers, "grpc-encoding"));
        Assert.Equal(1, body[0]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        Assert.True(length < 1000, "50 KB of zeros should compress to far less.");
        var echoed = EchoResponse.Parser.ParseFrom(Gunzip(body.AsSpan(5, (int)length).ToArray()));
        Assert.Equal("squeeze me", echoed.Text);
        Assert.Equal(request.Payload, echoed.Payload);
    }

    [Fact(Timeout = 30_000)]
    public async Task Client_that_does_not_accept_gzip_gets_identity()
    {
        using var http = RawGrpcRequest.CreateClient();
        using var message = RawGrpcRequest.Post(_host.Address, UnaryPath, RawGrpcRequest.Frame(new EchoRequest { Text = "plain" }.ToByteArray()));
        message.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");

        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(StatusCode.OK, RawGrpcRequest.GrpcStatus(response));
        Assert.Null(RawGrpcRequest.Find(response.Headers, "grpc-encoding"));
        Assert.Equal(0, body[0]);
        Assert.Equal("plain", EchoResponse.Parser.ParseFrom(body.AsSpan(5).ToArray()).Text);
    }

    [Fact(Timeout = 30_000)]
    public async Task Unknown_encoding_gets_unimplemented_with_the_accepted_encodings_and_the_server_keeps_serving()
    {
        using var http = RawGrpcRequest.CreateClient();
        using var message = RawGrpcRequest.Post(_host.Address, UnaryPath, RawGrpcRequest.Frame([], flag: 1));
        message.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");

        using var response = await http.SendAsync(message);

        Assert.Equal(StatusCode.Unimplemented, RawGrpcRequest.GrpcStatus(response));
        Assert.Contains("gzip", RawGrpcRequest.Find(response.Headers, "grpc-accept-encoding"), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Corrupt_gzip_message_gets_internal_and_the_server_keeps_serving()
    {
        // On a stream, where our error mapping sees it; a unary call's single request is the library's (UNKNOWN).
        using var http = RawGrpcRequest.CreateClient();
        using var message = RawGrpcRequest.Post(_host.Address, "/mediagrpc.testing.EchoService/ClientStream", RawGrpcRequest.Frame([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], flag: 1));
        message.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");

        using var response = await http.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(StatusCode.Internal, RawGrpcRequest.GrpcStatus(response));
        await AssertStillServingAsync();
        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = 30_000)]
    public async Task Message_that_inflates_past_the_receive_limit_gets_resource_exhausted()
    {
        // 8 MiB of zeros is a few KiB of gzip: the limit applies to what it inflates to.
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[8 * 1024 * 1024]) };
        using var http = RawGrpcRequest.CreateClient();
        using var message = RawGrpcRequest.Post(_host.Address, UnaryPath, RawGrpcRequest.Frame(Gzip(request.ToByteArray()), flag: 1));
        message.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");

        using var response = await http.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(StatusCode.ResourceExhausted, RawGrpcRequest.GrpcStatus(response));
        await AssertStillServingAsync();
    }

    [Theory(Timeout = 30_000)]
    [InlineData("gzip")]
    [InlineData("identity")]
    public async Task Our_client_round_trips_with_either_request_compression(string compression)
    {
        using var channel = _host.CreateChannel();
        var request = new EchoRequest { Text = compression, Payload = TestPayload.Create(200_000) };
        var options = compression == "gzip" ? GrpcCalls.Gzip : default;

        var response = await channel.UnaryAsync(EchoMethods.Unary, request, options);

        Assert.Equal(compression, response.Text);
        Assert.Equal(request.Payload, response.Payload);
    }

    [Fact(Timeout = 30_000)]
    public async Task Streamed_messages_can_be_sent_uncompressed_one_by_one()
    {
        using var channel = _host.CreateChannel();
        using var call = channel.ClientStreaming(EchoMethods.ClientStream, GrpcCalls.Gzip);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "a", Payload = TestPayload.Create(10_000, 1) }, CancellationToken.None);
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "b", Payload = TestPayload.Create(10_000, 2) }, CancellationToken.None);
        await call.RequestStream.CompleteAsync();

        var response = await call.ResponseAsync;

        Assert.Equal("a,b", response.Text);
        Assert.Equal(20_000, response.Payload.Length);
    }

    private async Task AssertStillServingAsync()
    {
        using var channel = _host.CreateChannel();
        var response = await channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "still here" });
        Assert.Equal("still here", response.Text);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
