using System.Text;
using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests;

[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisConnectionTests(RedisServerFixture redis)
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Ping_answers_with_a_round_trip_time()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);

        var roundTrip = await connection.PingAsync(cancellation.Token);

        Assert.True(roundTrip > TimeSpan.Zero);
        Assert.True(connection.IsConnected);
        Assert.Equal(redis.Endpoint, connection.Endpoint);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Set_then_get_round_trips_every_byte_value()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        var allBytes = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var large = new byte[3 * 1024 * 1024];
        new Random(11).NextBytes(large);
        var (smallKey, largeKey, emptyKey) = (NewKey(), NewKey(), NewKey());

        await connection.SetAsync(smallKey, allBytes, cancellationToken: cancellation.Token);
        await connection.SetAsync(largeKey, large, cancellationToken: cancellation.Token);
        await connection.SetAsync(emptyKey, Array.Empty<byte>(), cancellationToken: cancellation.Token);

        Assert.Equal(allBytes, await connection.GetAsync(smallKey, cancellation.Token));
        Assert.Equal(large, await connection.GetAsync(largeKey, cancellation.Token));
        var empty = await connection.GetAsync(emptyKey, cancellation.Token);
        Assert.NotNull(empty);
        Assert.Empty(empty);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Text_values_round_trip_as_UTF8()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        var key = NewKey();

        await connection.SetAsync(key, "grüße, 世界", cancellationToken: cancellation.Token);

        Assert.Equal("grüße, 世界", await connection.GetStringAsync(key, cancellation.Token));
        Assert.Equal(Encoding.UTF8.GetBytes("grüße, 世界"), await connection.GetAsync(key, cancellation.Token));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Get_of_a_missing_key_returns_null()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);

        Assert.Null(await connection.GetAsync(NewKey(), cancellation.Token));
        Assert.Null(await connection.GetStringAsync(NewKey(), cancellation.Token));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Set_with_expiry_and_Expire_give_the_key_a_time_to_live()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        var (withExpiry, expiredLater, missing) = (NewKey(), NewKey(), NewKey());

        await connection.SetAsync(withExpiry, "v", TimeSpan.FromMinutes(1), cancellation.Token);
        await connection.SetAsync(expiredLater, "v", cancellationToken: cancellation.Token);
        var persistent = (await connection.ExecuteAsync("PTTL", [expiredLater], cancellation.Token)).AsInt64();
        var expireApplied = await connection.ExpireAsync(expiredLater, TimeSpan.FromSeconds(30), cancellation.Token);
        var expireOnMissing = await connection.ExpireAsync(missing, TimeSpan.FromSeconds(30), cancellation.Token);

        var ttl = (await connection.ExecuteAsync("PTTL", [withExpiry], cancellation.Token)).AsInt64();
        Assert.InRange(ttl, 1, 60_000);
        Assert.Equal(-1, persistent);
        Assert.True(expireApplied);
        Assert.InRange((await connection.ExecuteAsync("PTTL", [expiredLater], cancellation.Token)).AsInt64(), 1, 30_000);
        Assert.False(expireOnMissing);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Set_if_not_exists_stores_only_the_first_value()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        var key = NewKey();

        var first = await connection.SetIfNotExistsAsync(key, "first", TimeSpan.FromMinutes(1), cancellation.Token);
        var second = await connection.SetIfNotExistsAsync(key, "second", cancellationToken: cancellation.Token);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("first", await connection.GetStringAsync(key, cancellation.Token));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Del_removes_a_key_and_reports_whether_it_existed()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        var key = NewKey();
        await connection.SetAsync(key, 1L, cancellationToken: cancellation.Token);

        Assert.True(await connection.DelAsync(key, cancellation.Token));
        Assert.False(await connection.DelAsync(key, cancellation.Token));
        Assert.Null(await connection.GetAsync(key, cancellation.Token));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task IncrBy_adds_to_a_counter_that_starts_at_zero()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        var key = NewKey();

        Assert.Equal(5, await connection.IncrByAsync(key, 5, cancellation.Token));
        Assert.Equal(-2, await connection.IncrByAsync(key, -7, cancellation.Token));
        Assert.Equal(-1, await connection.IncrByAsync(key, cancellationToken: cancellation.Token));
        Assert.Equal(-1, (await connection.ExecuteAsync("GET", [key], cancellation.Token)).AsInt64());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Concurrent_commands_on_one_connection_each_get_their_own_reply()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        const int Count = 1000;
        var prefix = NewKey();
        var counter = NewKey();

        await Task.WhenAll(Enumerable.Range(0, Count).Select(i =>
            connection.SetAsync($"{prefix}:{i}", $"value-{i}", cancellationToken: cancellation.Token)));
        var reads = Enumerable.Range(0, Count).Select(async i =>
            (Index: i, Value: await connection.GetStringAsync($"{prefix}:{i}", cancellation.Token))).ToArray();
        var increments = Enumerable.Range(0, Count).Select(_ => connection.IncrByAsync(counter, 1, cancellation.Token)).ToArray();
        var values = await Task.WhenAll(reads);
        var counts = await Task.WhenAll(increments);

        Assert.All(values, read => Assert.Equal($"value-{read.Index}", read.Value));
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), counts.Order());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Server_error_surfaces_as_RedisServerException_and_the_connection_stays_usable()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        var text = NewKey();
        await connection.SetAsync(text, "not a number", cancellationToken: cancellation.Token);

        var notInteger = await Assert.ThrowsAsync<RedisServerException>(() => connection.IncrByAsync(text, 1, cancellation.Token));
        var wrongType = await Assert.ThrowsAsync<RedisServerException>(() => connection.ExecuteAsync("LPUSH", [text, "x"], cancellation.Token));
        var unknown = await Assert.ThrowsAsync<RedisServerException>(() => connection.ExecuteAsync("NO-SUCH-COMMAND", cancellation.Token));

        Assert.Equal("ERR", notInteger.Prefix);
        Assert.Contains("not an integer", notInteger.Message, StringComparison.Ordinal);
        Assert.Equal("WRONGTYPE", wrongType.Prefix);
        Assert.Contains("unknown command", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("not a number", await connection.GetStringAsync(text, cancellation.Token));
        Assert.True(connection.IsConnected);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Cancelled_caller_does_not_shift_the_replies_of_later_commands()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        await using var other = await ConnectAsync(cancellation.Token);
        var (list, key) = (NewKey(), NewKey());
        await connection.SetAsync(key, "mine", cancellationToken: cancellation.Token);

        // BLPOP holds the connection's reply stream until the list gets an element, so the GET
        // behind it is answered only after the abandoned BLPOP's reply has gone by.
        using var giveUp = new CancellationTokenSource();
        var blocked = connection.ExecuteAsync("BLPOP", [list, 0], giveUp.Token);
        var get = connection.GetStringAsync(key, cancellation.Token);
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        await other.ExecuteAsync("LPUSH", [list, "popped"], cancellation.Token);

        Assert.Equal("mine", await get);
        Assert.Equal("mine", await connection.GetStringAsync(key, cancellation.Token));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Command_timeout_fails_the_caller_and_keeps_the_connection()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token, options => options.CommandTimeout = TimeSpan.FromMilliseconds(200));
        await using var other = await ConnectAsync(cancellation.Token);
        var list = NewKey();

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => connection.ExecuteAsync("BLPOP", [list, 0], cancellation.Token));
        await other.ExecuteAsync("LPUSH", [list, "late"], cancellation.Token);

        Assert.Contains("BLPOP", timeout.Message, StringComparison.Ordinal);
        Assert.True(connection.IsConnected);
        Assert.True(await connection.PingAsync(cancellation.Token) > TimeSpan.Zero);
        Assert.Equal(0, (await connection.ExecuteAsync("LLEN", [list], cancellation.Token)).AsInt64());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Resp3_replies_of_a_real_server_are_parsed_after_HELLO_3()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var connection = await ConnectAsync(cancellation.Token);
        var (hash, set, number) = (NewKey(), NewKey(), NewKey());

        var hello = await connection.ExecuteAsync("HELLO", [3], cancellation.Token);
        await connection.ExecuteAsync("HSET", [hash, "a", "1", "b", "2"], cancellation.Token);
        await connection.ExecuteAsync("SADD", [set, "x"], cancellation.Token);
        await connection.SetAsync(number, 2.5, cancellationToken: cancellation.Token);
        var map = await connection.ExecuteAsync("HGETALL", [hash], cancellation.Token);
        var members = await connection.ExecuteAsync("SMEMBERS", [set], cancellation.Token);
        var score = await connection.ExecuteAsync("INCRBYFLOAT", [number, 0.5], cancellation.Token);
        var missing = await connection.ExecuteAsync("GET", [NewKey()], cancellation.Token);
        var info = await connection.ExecuteAsync("CLIENT", ["INFO"], cancellation.Token);

        Assert.Equal(RespType.Map, hello.Type);
        Assert.Contains("{bulk:a: bulk:1", RespDescriber.Describe(map), StringComparison.Ordinal);
        Assert.Equal(RespType.Map, map.Type);
        Assert.Equal("set[bulk:x]", RespDescriber.Describe(members));
        Assert.Equal(3.0, score.AsDouble());
        Assert.Equal(RespType.Null, missing.Type);
        Assert.Equal(RespType.VerbatimString, info.Type);
        Assert.Equal("txt", info.VerbatimFormat);
    }

    private Task<RedisConnection> ConnectAsync(CancellationToken cancellationToken, Action<RedisClientOptions>? configure = null)
    {
        var options = new RedisClientOptions { Endpoint = redis.Endpoint };
        configure?.Invoke(options);
        return RedisConnection.ConnectAsync(options, cancellationToken: cancellationToken);
    }

    private static string NewKey() => "test:" + Guid.NewGuid().ToString("N");
}
