using MediaGrpc.Redis.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaGrpc.Redis;

/// <summary>
/// A dedicated pub/sub connection (https://redis.io/docs/latest/develop/interact/pubsub/):
/// SUBSCRIBE, PSUBSCRIBE and their opposites, with messages handed to one callback. When the
/// connection drops it reconnects with back-off and subscribes again to everything it had;
/// <see cref="Reconnected"/> then tells the owner that messages may have been missed.
/// </summary>
/// <remarks>
/// A connection in subscriber mode takes no other commands, hence a separate one. In RESP2
/// messages and confirmations arrive as plain arrays, in RESP3 as push data; both are read
/// the same way. Pub/sub is at-most-once: nothing published while disconnected is replayed.
/// The callback runs on the receive loop: it must be quick and must not block.
/// </remarks>
public sealed class RedisSubscriber : IAsyncDisposable
{
    private readonly RedisClientOptions _options;
    private readonly Action<RedisPubSubMessage> _onMessage;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _lock = new();
    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _confirmations = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RedisConnection? _connection;
    private Task? _supervisor;

    /// <summary>Creates the subscriber; call <see cref="Start"/> to connect.</summary>
    public RedisSubscriber(
        RedisClientOptions options,
        Action<RedisPubSubMessage> onMessage,
        ILogger<RedisSubscriber>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onMessage);
        options.Validate();
        _options = options;
        _onMessage = onMessage;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
    }

    /// <summary>Raised after a lost connection came back and every subscription was renewed.</summary>
    public event EventHandler? Reconnected;

    /// <summary>True while a connection is up.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _connection is { IsConnected: true };
            }
        }
    }

    /// <summary>Starts connecting in the background; returns at once.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _supervisor ??= SuperviseAsync(_shutdown.Token);
        }
    }

    /// <summary>Waits until the first connection is up.</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken = default) => _firstConnect.Task.WaitAsync(cancellationToken);

    /// <summary>SUBSCRIBE to <paramref name="channel"/>, now and after every reconnect.</summary>
    /// <returns>True when the server confirmed it; false when disconnected (it is renewed on reconnect).</returns>
    public Task<bool> SubscribeAsync(string channel, CancellationToken cancellationToken = default) =>
        AddAsync(_channels, "SUBSCRIBE", "s:", channel, cancellationToken);

    /// <summary>PSUBSCRIBE to <paramref name="pattern"/>, now and after every reconnect.</summary>
    /// <inheritdoc cref="SubscribeAsync" path="/returns"/>
    public Task<bool> PatternSubscribeAsync(string pattern, CancellationToken cancellationToken = default) =>
        AddAsync(_patterns, "PSUBSCRIBE", "p:", pattern, cancellationToken);

    /// <summary>UNSUBSCRIBE from <paramref name="channel"/>.</summary>
    public Task UnsubscribeAsync(string channel, CancellationToken cancellationToken = default) =>
        RemoveAsync(_channels, "UNSUBSCRIBE", channel, cancellationToken);

    /// <summary>PUNSUBSCRIBE from <paramref name="pattern"/>.</summary>
    public Task PatternUnsubscribeAsync(string pattern, CancellationToken cancellationToken = default) =>
        RemoveAsync(_patterns, "PUNSUBSCRIBE", pattern, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Task? supervisor;
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            _shutdown.Cancel();
            supervisor = _supervisor;
        }

        if (supervisor is not null)
        {
            await supervisor;
        }

        _shutdown.Dispose();
    }

    private async Task<bool> AddAsync(HashSet<string> set, string command, string prefix, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        RedisConnection? connection;
        TaskCompletionSource confirmation;
        lock (_lock)
        {
            set.Add(name);
            connection = _connection;
            if (!_confirmations.TryGetValue(prefix + name, out var pending))
            {
                pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _confirmations[prefix + name] = pending;
            }

            confirmation = pending;
        }

        if (connection is null)
        {
            return false;
        }

        try
        {
            await connection.SendWithoutReplyAsync(command, [name], cancellationToken);
            await confirmation.Task.WaitAsync(_options.CommandTimeout, _timeProvider, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is RedisConnectionException or TimeoutException)
        {
            return false;
        }
    }

    private async Task RemoveAsync(HashSet<string> set, string command, string name, CancellationToken cancellationToken)
    {
        RedisConnection? connection;
        lock (_lock)
        {
            if (!set.Remove(name))
            {
                return;
            }

            connection = _connection;
        }

        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.SendWithoutReplyAsync(command, [name], cancellationToken);
        }
        catch (RedisConnectionException)
        {
            // Gone with the connection anyway; the next one will not renew it.
        }
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var connectedBefore = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            RedisConnection connection;
            try
            {
                connection = await RedisConnection.ConnectAsync(_options, _logger, _timeProvider, OnPush, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisConnectionException)
            {
                if (!await DelayAsync(_backoff.Next(), cancellationToken))
                {
                    return;
                }

                continue;
            }

            _backoff.Reset();
            string[] channels;
            string[] patterns;
            lock (_lock)
            {
                _connection = connection;
                channels = [.. _channels];
                patterns = [.. _patterns];
            }

            try
            {
                if (channels.Length > 0)
                {
                    await connection.SendWithoutReplyAsync("SUBSCRIBE", [.. channels.Select(c => (RedisArgument)c)], cancellationToken);
                }

                if (patterns.Length > 0)
                {
                    await connection.SendWithoutReplyAsync("PSUBSCRIBE", [.. patterns.Select(p => (RedisArgument)p)], cancellationToken);
                }

                RedisLog.Subscribed(_logger, connection.Endpoint, channels.Length, patterns.Length);
                _firstConnect.TrySetResult();
                if (connectedBefore)
                {
                    Reconnected?.Invoke(this, EventArgs.Empty);
                }

                connectedBefore = true;
                await connection.Closed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (RedisConnectionException)
            {
                // Lost while renewing; the loop reconnects.
            }

            lock (_lock)
            {
                _connection = null;
            }

            await connection.DisposeAsync();
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Message layouts, RESP2 array or RESP3 push alike:
    //   message  <channel> <payload>
    //   pmessage <pattern> <channel> <payload>
    //   subscribe|psubscribe <name> <count>    (confirmations)
    private void OnPush(RespValue value)
    {
        var items = value.Items;
        if (items.Count < 3)
        {
            return;
        }

        switch (items[0].AsString())
        {
            case "message":
                Deliver(new RedisPubSubMessage(items[1].AsString() ?? string.Empty, null, items[2].Bytes));
                break;
            case "pmessage" when items.Count >= 4:
                Deliver(new RedisPubSubMessage(items[2].AsString() ?? string.Empty, items[1].AsString(), items[3].Bytes));
                break;
            case "subscribe":
                Confirm("s:" + items[1].AsString());
                break;
            case "psubscribe":
                Confirm("p:" + items[1].AsString());
                break;
            default:
                break;
        }
    }

    private void Confirm(string key)
    {
        TaskCompletionSource? confirmation;
        lock (_lock)
        {
            if (_confirmations.Remove(key, out confirmation))
            {
                confirmation.TrySetResult();
            }
        }
    }

    private void Deliver(RedisPubSubMessage message)
    {
        try
        {
            _onMessage(message);
        }
#pragma warning disable CA1031 // A subscriber's bug must not tear down the shared connection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RedisLog.MessageHandlerFailed(_logger, message.Channel, ex);
        }
    }
}
