using MediaGrpc.Rpc.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Client;

/// <summary>Custom metadata to and from the grpc-js echo server, which echoes <c>x-echo-*</c> keys back.</summary>
public sealed class MetadataTests : IClassFixture<GrpcJsEchoServerFixture>, IDisposable
{
    private static readonly byte[] s_binary = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    private readonly GrpcChannel _channel;

    public MetadataTests(GrpcJsEchoServerFixture server)
    {
        _channel = GrpcChannel.ForAddress(server.Address);
    }

    public void Dispose() => _channel.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Text_and_binary_metadata_reach_the_server_and_come_back_in_headers_and_trailers()
    {
        var headers = new Metadata
        {
            { "x-echo-text", "hello metadata" },
            { "x-echo-data-bin", s_binary },
            { "x-not-echoed", "dropped by the server" },
        };
        using var call = _channel.ServerStreaming(
            EchoMethods.ServerStream, new EchoRequest { Count = 1 }, new CallOptions(Headers: headers));

        var responseHeaders = await call.ResponseHeadersAsync;
        Assert.Equal("hello metadata", responseHeaders.GetValue("x-echo-text"));
        Assert.Equal(s_binary, responseHeaders.Get("x-echo-data-bin")?.ValueBytes);
        Assert.Null(responseHeaders.Get("x-not-echoed"));

        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        var trailers = call.GetTrailers();
        Assert.Equal("hello metadata", trailers.GetValue("x-echo-text"));
        Assert.Equal(s_binary, trailers.Get("x-echo-data-bin")?.ValueBytes);
    }

    [Fact(Timeout = 30_000)]
    public async Task Repeated_metadata_keys_all_reach_the_server()
    {
        var headers = new Metadata
        {
            { "x-echo-tag", "one" },
            { "x-echo-tag", "two" },
        };
        using var call = _channel.DuplexStreaming(EchoMethods.Duplex, new CallOptions(Headers: headers));

        var responseHeaders = await call.ResponseHeadersAsync;
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));

        var values = new List<string>();
        foreach (var entry in responseHeaders)
        {
            if (entry.Key == "x-echo-tag")
            {
                values.Add(entry.Value!);
            }
        }

        // HTTP/2 peers may join repeated values into one field with ", " (grpc-js and
        // HttpClient both do), which the gRPC spec makes equivalent.
        Assert.Equal("one, two", string.Join(", ", values));
    }

    [Fact(Timeout = 30_000)]
    public async Task Protocol_headers_are_not_reported_as_metadata()
    {
        using var call = _channel.ServerStreaming(
            EchoMethods.ServerStream, new EchoRequest { Count = 1 }, new CallOptions(Headers: new Metadata { { "x-echo-a", "b" } }));

        var responseHeaders = await call.ResponseHeadersAsync;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        foreach (var entry in responseHeaders)
        {
            Assert.False(entry.Key.StartsWith("grpc-", StringComparison.Ordinal) || entry.Key == "content-type", entry.Key);
        }

        Assert.Null(call.GetTrailers().Get("grpc-status"));
    }
}
