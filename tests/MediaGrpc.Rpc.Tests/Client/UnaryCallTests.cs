using MediaGrpc.Rpc.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Client;

/// <summary>Unary calls from <see cref="GrpcChannel"/> to the grpc-js echo server.</summary>
public sealed class UnaryCallTests : IClassFixture<GrpcJsEchoServerFixture>, IDisposable
{
    private readonly GrpcChannel _channel;

    public UnaryCallTests(GrpcJsEchoServerFixture server)
    {
        _channel = GrpcChannel.ForAddress(server.Address);
    }

    public void Dispose() => _channel.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Unary_call_returns_the_echoed_request()
    {
        var request = new EchoRequest { Text = "hello", Payload = TestPayload.Create(100) };

        var response = await _channel.UnaryAsync(EchoMethods.Unary, request);

        Assert.Equal("hello", response.Text);
        Assert.Equal(request.Payload, response.Payload);
    }

    [Fact(Timeout = 30_000)]
    public async Task Unary_call_round_trips_a_3_MiB_payload()
    {
        var request = new EchoRequest { Payload = TestPayload.Create(3 * 1024 * 1024, seed: 7) };

        var response = await _channel.UnaryAsync(EchoMethods.Unary, request);

        Assert.Equal(request.Payload, response.Payload);
    }

    [Fact(Timeout = 30_000)]
    public async Task Many_concurrent_unary_calls_share_the_channel()
    {
        var calls = new Task<EchoResponse>[50];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "call " + i });
        }

        var responses = await Task.WhenAll(calls);

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal("call " + i, responses[i].Text);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Response_larger_than_MaxReceiveMessageSize_fails_with_resource_exhausted()
    {
        using var channel = GrpcChannel.ForAddress(_channel.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 * 1024 });
        var request = new EchoRequest { Payload = TestPayload.Create(2 * 1024 * 1024) };

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, request));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("larger than max", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_larger_than_MaxSendMessageSize_fails_with_resource_exhausted()
    {
        using var channel = GrpcChannel.ForAddress(_channel.Address, new GrpcChannelOptions { MaxSendMessageSize = 1024 });
        var request = new EchoRequest { Payload = TestPayload.Create(2048) };

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EchoMethods.Unary, request));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public void Calling_a_method_as_the_wrong_kind_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => _channel.ServerStreaming(EchoMethods.Unary, new EchoRequest()));
    }
}
