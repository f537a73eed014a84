using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests;

[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisScriptTests(RedisServerFixture redis)
{
    private static readonly RedisScript s_incrementBy = new("return redis.call('INCRBY', KEYS[1], ARGV[1])");

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Script_unknown_to_the_server_runs_through_the_EVAL_fallback_and_then_by_sha()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint }, cancellationToken: cancellation.Token);
        await connection.ExecuteAsync("SCRIPT", ["FLUSH"], cancellation.Token);
        var key = "script-" + Guid.NewGuid().ToString("N");

        var first = await connection.EvaluateAsync(s_incrementBy, [key], [5], cancellation.Token);
        var exists = await connection.ExecuteAsync("SCRIPT", ["EXISTS", s_incrementBy.Sha1], cancellation.Token);
        var second = await connection.EvaluateAsync(s_incrementBy, [key], [2], cancellation.Token);

        Assert.Equal(5, first.AsInt64());
        Assert.Equal(1, exists.Items[0].AsInt64());
        Assert.Equal(7, second.AsInt64());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Script_error_surfaces_as_RedisServerException()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint }, cancellationToken: cancellation.Token);

        await Assert.ThrowsAsync<RedisServerException>(
            () => connection.EvaluateAsync(new RedisScript("return redis.error_reply('BOOM script failed')"), [], [], cancellation.Token));
    }
}
