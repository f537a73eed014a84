using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests;

[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisClientTests(RedisServerFixture redis)
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Client_fails_fast_while_the_server_is_down_and_reconnects_after_it_restarts()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(cancellationToken: cancellation.Token);
        await using var client = new RedisClient(new RedisClientOptions
        {
            Endpoint = server.Endpoint,
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        });
        await client.ExecuteAsync("SET", ["k", "before"], cancellation.Token);

        await server.KillAsync(cancellation.Token);
        await Assert.ThrowsAsync<RedisConnectionException>(() => client.ExecuteAsync("GET", ["k"], cancellation.Token));
        await server.RestartAsync(cancellation.Token);

        RespValue? reply = null;
        while (reply is null)
        {
            try
            {
                reply = await client.ExecuteAsync("SET", ["k", "after"], cancellation.Token);
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(20, cancellation.Token);
            }
        }

        Assert.Equal("after", (await client.ExecuteAsync("GET", ["k"], cancellation.Token)).AsString());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Resp3_handshake_authenticates_an_ACL_user_with_HELLO_and_maps_replies()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(["--requirepass", "top-secret"], cancellation.Token);
        await using (var admin = await RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = server.Endpoint, Password = "top-secret" }, cancellationToken: cancellation.Token))
        {
            await admin.ExecuteAsync("ACL", ["SETUSER", "media", "on", ">media-pass", "~*", "+@all"], cancellation.Token);
        }

        await using var client = new RedisClient(new RedisClientOptions { Endpoint = server.Endpoint, Protocol = 3, User = "media", Password = "media-pass" });
        await client.ExecuteAsync("HSET", ["h", "field", "value"], cancellation.Token);

        var map = await client.ExecuteAsync("HGETALL", ["h"], cancellation.Token);

        Assert.Equal(RespType.Map, map.Type);
        Assert.Equal("media", (await client.ExecuteAsync("ACL", ["WHOAMI"], cancellation.Token)).AsString());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Script_cache_lost_in_a_restart_is_refilled_by_the_EVAL_fallback()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(cancellationToken: cancellation.Token);
        await using var client = new RedisClient(new RedisClientOptions
        {
            Endpoint = server.Endpoint,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(20),
        });
        var script = new RedisScript("return ARGV[1] + 1");
        Assert.Equal(2, (await client.EvaluateAsync(script, [], [1], cancellation.Token)).AsInt64());

        await server.RestartAsync(cancellation.Token);

        // The first command may meet the dead connection (if its loss was not seen yet).
        RespValue? reply = null;
        while (reply is null)
        {
            try
            {
                reply = await client.EvaluateAsync(script, [], [2], cancellation.Token);
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(20, cancellation.Token);
            }
        }

        Assert.Equal(3, reply.AsInt64());
    }
}
