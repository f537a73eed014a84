using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests;

[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisConnectionHandshakeTests(RedisServerFixture redis)
{
    private const string Password = "correct-horse-battery-staple";

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Database_option_selects_the_database_on_connect()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var database3 = await ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint, Database = 3 }, cancellation.Token);
        await using var database0 = await ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint }, cancellation.Token);
        var key = "test:" + Guid.NewGuid().ToString("N");

        await database3.SetAsync(key, "in three", cancellationToken: cancellation.Token);

        Assert.Equal("in three", await database3.GetStringAsync(key, cancellation.Token));
        Assert.Null(await database0.GetStringAsync(key, cancellation.Token));
        var client = (await database3.ExecuteAsync("CLIENT", ["INFO"], cancellation.Token)).AsString();
        Assert.Contains(" db=3 ", client, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Database_the_server_does_not_have_fails_the_connect()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint, Database = 999 }, cancellation.Token));

        Assert.IsType<RedisServerException>(error.InnerException);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Password_protected_server_accepts_the_configured_password()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(["--requirepass", Password], cancellation.Token);

        await using var connection = await ConnectAsync(
            new RedisClientOptions { Endpoint = server.Endpoint, Password = Password, Database = 1 }, cancellation.Token);

        Assert.True(await connection.PingAsync(cancellation.Token) > TimeSpan.Zero);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Without_a_password_commands_fail_with_NOAUTH()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(["--requirepass", Password], cancellation.Token);
        await using var connection = await ConnectAsync(new RedisClientOptions { Endpoint = server.Endpoint }, cancellation.Token);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => connection.GetAsync("key", cancellation.Token));

        Assert.Equal("NOAUTH", error.Prefix);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Wrong_password_fails_the_connect_and_is_never_logged()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(["--requirepass", Password], cancellation.Token);
        var logger = new RecordingLogger<RedisConnection>();
        const string WrongPassword = "wrong-password-1234";

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(
            new RedisClientOptions { Endpoint = server.Endpoint, Password = WrongPassword },
            logger,
            cancellationToken: cancellation.Token));

        var refusal = Assert.IsType<RedisServerException>(error.InnerException);
        Assert.Equal("WRONGPASS", refusal.Prefix);
        Assert.NotEmpty(logger.Records);
        Assert.DoesNotContain(WrongPassword, error.ToString(), StringComparison.Ordinal);
        Assert.All(logger.Records, record =>
        {
            Assert.DoesNotContain(WrongPassword, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPassword, record.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Acl_user_authenticates_with_user_name_and_password()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(
            ["--user", "alice", "on", ">" + Password, "~*", "&*", "+@all"], cancellation.Token);

        await using var alice = await ConnectAsync(
            new RedisClientOptions { Endpoint = server.Endpoint, User = "alice", Password = Password }, cancellation.Token);

        Assert.Equal("alice", (await alice.ExecuteAsync("ACL", ["WHOAMI"], cancellation.Token)).AsString());
    }

    private static Task<RedisConnection> ConnectAsync(RedisClientOptions options, CancellationToken cancellationToken) =>
        RedisConnection.ConnectAsync(options, cancellationToken: cancellationToken);
}
