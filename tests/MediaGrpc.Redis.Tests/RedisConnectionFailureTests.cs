using System.Net;
using System.Net.Sockets;
using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Redis.Tests;

[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisConnectionFailureTests(RedisServerFixture redis)
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Commands_in_flight_fail_cleanly_when_the_server_is_killed()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(cancellationToken: cancellation.Token);
        var logger = new RecordingLogger<RedisConnection>();
        await using var connection = await RedisConnection.ConnectAsync(
            new RedisClientOptions { Endpoint = server.Endpoint, CommandTimeout = Timeout.InfiniteTimeSpan },
            logger,
            cancellationToken: cancellation.Token);

        // BLPOP without a timeout never answers on its own; the commands behind it wait too.
        var inFlight = new List<Task>
        {
            connection.ExecuteAsync("BLPOP", ["never-filled", 0], cancellation.Token),
        };
        inFlight.AddRange(Enumerable.Range(0, 10).Select(i => connection.GetAsync($"key-{i}", cancellation.Token)));
        await server.KillAsync(cancellation.Token);

        foreach (var command in inFlight)
        {
            await Assert.ThrowsAsync<RedisConnectionException>(() => command);
        }

        Assert.False(connection.IsConnected);
        var later = await Assert.ThrowsAsync<RedisConnectionException>(() => connection.PingAsync(cancellation.Token));
        Assert.Contains(server.Endpoint, later.Message, StringComparison.Ordinal);
        var lost = Assert.Single(logger.Records, r => r.EventId == 1004);
        Assert.Equal(LogLevel.Warning, lost.Level);
        Assert.Contains("11 commands", lost.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Restarted_server_accepts_a_new_connection_while_the_old_one_stays_failed()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await using var server = await redis.StartInstanceAsync(cancellationToken: cancellation.Token);
        await using var before = await RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = server.Endpoint }, cancellationToken: cancellation.Token);

        await server.RestartAsync(cancellation.Token);
        await using var after = await RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = server.Endpoint }, cancellationToken: cancellation.Token);

        Assert.True(server.IsRunning);
        await Assert.ThrowsAsync<RedisConnectionException>(() => before.PingAsync(cancellation.Token));
        Assert.True(await after.PingAsync(cancellation.Token) > TimeSpan.Zero);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Connecting_where_nothing_listens_fails_with_RedisConnectionException()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        var options = new RedisClientOptions { Endpoint = "127.0.0.1:" + FreePort.Next() };

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(options, cancellationToken: cancellation.Token));

        Assert.Contains(options.Endpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Server_that_never_answers_the_handshake_fails_the_connect_after_the_connect_timeout()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var options = new RedisClientOptions
        {
            Endpoint = "127.0.0.1:" + ((IPEndPoint)silent.LocalEndpoint).Port,
            Password = "secret",
            ConnectTimeout = TimeSpan.FromMilliseconds(300),
        };

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(options, cancellationToken: cancellation.Token));

        Assert.Contains("Timed out", error.Message, StringComparison.Ordinal);
        Assert.False(cancellation.IsCancellationRequested);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Cancelling_the_connect_throws_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint }, cancellationToken: cancelled.Token));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Disposing_fails_commands_in_flight_and_rejects_new_ones()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        var connection = await RedisConnection.ConnectAsync(
            new RedisClientOptions { Endpoint = redis.Endpoint, CommandTimeout = Timeout.InfiniteTimeSpan },
            cancellationToken: cancellation.Token);
        var blocked = connection.ExecuteAsync("BLPOP", ["test:" + Guid.NewGuid().ToString("N"), 0], cancellation.Token);

        await connection.DisposeAsync();
        await connection.DisposeAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() => blocked);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.PingAsync(cancellation.Token));
        Assert.False(connection.IsConnected);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Invalid_options_are_rejected_before_connecting()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = "no-port" }));
        await Assert.ThrowsAsync<ArgumentException>(() => RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = "host:99999" }));
        await Assert.ThrowsAsync<ArgumentException>(() => RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint, Database = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint, CommandTimeout = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentException>(() => RedisConnection.ConnectAsync(new RedisClientOptions { Endpoint = redis.Endpoint, User = "alice" }));
    }
}
