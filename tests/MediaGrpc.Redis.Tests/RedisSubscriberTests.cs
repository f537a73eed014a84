using System.Text;
using System.Threading.Channels;
using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests;

[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisSubscriberTests(RedisServerFixture redis)
{
    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Subscriber_receives_channel_and_pattern_messages(int protocol)
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        var options = new RedisClientOptions { Endpoint = redis.Endpoint, Protocol = protocol };
        var received = Channel.CreateUnbounded<RedisPubSubMessage>();
        await using var subscriber = new RedisSubscriber(options, m => received.Writer.TryWrite(m));
        subscriber.Start();
        await subscriber.WaitConnectedAsync(cancellation.Token);
        var prefix = $"sub-{protocol}-{Guid.NewGuid():N}";

        Assert.True(await subscriber.SubscribeAsync(prefix + ":plain", cancellation.Token));
        Assert.True(await subscriber.PatternSubscribeAsync(prefix + ":p:*", cancellation.Token));
        await using var publisher = await RedisConnection.ConnectAsync(options, cancellationToken: cancellation.Token);
        await publisher.ExecuteAsync("PUBLISH", [prefix + ":plain", "hello"], cancellation.Token);
        await publisher.ExecuteAsync("PUBLISH", [prefix + ":p:x", "world"], cancellation.Token);

        var first = await received.Reader.ReadAsync(cancellation.Token);
        var second = await received.Reader.ReadAsync(cancellation.Token);
        Assert.Equal((prefix + ":plain", (string?)null, "hello"), (first.Channel, first.Pattern, Encoding.UTF8.GetString(first.Payload.Span)));
        Assert.Equal((prefix + ":p:x", (string?)(prefix + ":p:*"), "world"), (second.Channel, second.Pattern, Encoding.UTF8.GetString(second.Payload.Span)));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Unsubscribed_channel_delivers_nothing_more()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        var options = new RedisClientOptions { Endpoint = redis.Endpoint };
        var received = Channel.CreateUnbounded<RedisPubSubMessage>();
        await using var subscriber = new RedisSubscriber(options, m => received.Writer.TryWrite(m));
        subscriber.Start();
        await subscriber.WaitConnectedAsync(cancellation.Token);
        var channel = "unsub-" + Guid.NewGuid().ToString("N");
        await subscriber.SubscribeAsync(channel, cancellation.Token);
        await subscriber.SubscribeAsync(channel + ":marker", cancellation.Token);

        await subscriber.UnsubscribeAsync(channel, cancellation.Token);
        await using var publisher = await RedisConnection.ConnectAsync(options, cancellationToken: cancellation.Token);
        await publisher.ExecuteAsync("PUBLISH", [channel, "dropped"], cancellation.Token);
        await publisher.ExecuteAsync("PUBLISH", [channel + ":marker", "kept"], cancellation.Token);

        var only = await received.Reader.ReadAsync(cancellation.Token);
        Assert.Equal(channel + ":marker", only.Channel);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Subscriber_reconnects_and_resubscribes_after_a_server_restart()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(cancellationToken: cancellation.Token);
        var options = new RedisClientOptions
        {
            Endpoint = server.Endpoint,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        var received = Channel.CreateUnbounded<RedisPubSubMessage>();
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = new RedisSubscriber(options, m => received.Writer.TryWrite(m));
        subscriber.Reconnected += (_, _) => reconnected.TrySetResult();
        subscriber.Start();
        await subscriber.WaitConnectedAsync(cancellation.Token);
        await subscriber.SubscribeAsync("survivor", cancellation.Token);
        await subscriber.PatternSubscribeAsync("pattern:*", cancellation.Token);

        await server.RestartAsync(cancellation.Token);
        await reconnected.Task.WaitAsync(cancellation.Token);
        await using var publisher = await RedisConnection.ConnectAsync(options, cancellationToken: cancellation.Token);

        // The renewal was sent before Reconnected fired and Redis handles one connection's
        // commands in order, so once the count shows both, a publish reaches them.
        await WaitForSubscriptionsAsync(publisher, cancellation.Token);
        await publisher.ExecuteAsync("PUBLISH", ["survivor", "after-restart"], cancellation.Token);
        await publisher.ExecuteAsync("PUBLISH", ["pattern:1", "matched"], cancellation.Token);
        Assert.Equal("survivor", (await received.Reader.ReadAsync(cancellation.Token)).Channel);
        Assert.Equal("pattern:1", (await received.Reader.ReadAsync(cancellation.Token)).Channel);
    }

    private static async Task WaitForSubscriptionsAsync(RedisConnection publisher, CancellationToken cancellationToken)
    {
        while (true)
        {
            var channels = await publisher.ExecuteAsync("PUBSUB", ["NUMSUB", "survivor"], cancellationToken);
            var patterns = await publisher.ExecuteAsync("PUBSUB", ["NUMPAT"], cancellationToken);
            if (channels.Items[1].AsInt64() == 1 && patterns.AsInt64() == 1)
            {
                return;
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}
