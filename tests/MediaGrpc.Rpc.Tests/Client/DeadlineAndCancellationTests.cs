using System.Diagnostics;
using MediaGrpc.Rpc.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Client;

/// <summary>Deadlines and cancellation of calls to the grpc-js echo server.</summary>
public sealed class DeadlineAndCancellationTests : IClassFixture<GrpcJsEchoServerFixture>, IDisposable
{
    private readonly GrpcChannel _channel;

    public DeadlineAndCancellationTests(GrpcJsEchoServerFixture server)
    {
        _channel = GrpcChannel.ForAddress(server.Address);
    }

    public void Dispose() => _channel.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Deadline_passing_on_a_slow_call_fails_with_deadline_exceeded_quickly()
    {
        var request = new EchoRequest { Text = "slow", DelayMs = 20_000 };
        var options = new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(EchoMethods.Unary, request, options));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact(Timeout = 30_000)]
    public async Task Deadline_already_passed_fails_with_deadline_exceeded()
    {
        var options = new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1));

        var error = await Assert.ThrowsAsync<RpcException>(
            () => _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "late" }, options));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Deadline_far_enough_away_lets_the_call_complete()
    {
        var options = new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(20));

        var response = await _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "in time", DelayMs = 50 }, options);

        Assert.Equal("in time", response.Text);
    }

    [Fact(Timeout = 30_000)]
    public async Task Cancelling_the_call_token_mid_stream_fails_the_next_read_with_cancelled()
    {
        using var cancellation = new CancellationTokenSource();

        // Far more than flow control lets through: the server is still sending when cancelled.
        var request = new EchoRequest { Payload = TestPayload.Create(64 * 1024), Count = 100_000 };
        using var call = _channel.ServerStreaming(EchoMethods.ServerStream, request, new CallOptions(CancellationToken: cancellation.Token));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        }

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task Cancelling_a_pending_duplex_read_fails_it_with_cancelled()
    {
        using var call = _channel.DuplexStreaming(EchoMethods.Duplex);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "one" }, CancellationToken.None);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        // The server now waits for the next request, so this read waits until cancelled.
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(cancellation.Token));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        var writeError = await Assert.ThrowsAsync<RpcException>(
            () => call.RequestStream.WriteAsync(new EchoRequest { Text = "two" }, CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, writeError.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Cancelling_a_unary_call_fails_it_with_cancelled()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var request = new EchoRequest { Text = "slow", DelayMs = 20_000 };

        var error = await Assert.ThrowsAsync<RpcException>(
            () => _channel.UnaryAsync(EchoMethods.Unary, request, new CallOptions(CancellationToken: cancellation.Token)));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Disposing_a_running_call_cancels_it()
    {
        var call = _channel.ClientStreaming(EchoMethods.ClientStream);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "one" }, CancellationToken.None);

        call.Dispose();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task Channel_keeps_working_after_cancelled_calls()
    {
        for (var i = 0; i < 5; i++)
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(
                EchoMethods.Unary,
                new EchoRequest { DelayMs = 10_000 },
                new CallOptions(CancellationToken: cancellation.Token)));
        }

        var response = await _channel.UnaryAsync(EchoMethods.Unary, new EchoRequest { Text = "still here" });

        Assert.Equal("still here", response.Text);
    }
}
