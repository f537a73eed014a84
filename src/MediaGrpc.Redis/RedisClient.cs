using MediaGrpc.Redis.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaGrpc.Redis;

/// <summary>
/// Commands over a <see cref="RedisConnection"/> that is replaced when it fails: a command
/// issued while the server is unreachable fails fast with <see cref="RedisConnectionException"/>,
/// and the next command after the back-off delay tries a new connection.
/// </summary>
/// <remarks>
/// Commands are not retried: one that was in flight when the connection dropped may or may
/// not have run, and only the caller knows whether running it twice is safe.
/// </remarks>
public sealed class RedisClient : IAsyncDisposable
{
    private readonly RedisClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly ReconnectBackoff _backoff;
    private RedisConnection? _connection;
    private long _nextAttempt;
    private RedisConnectionException? _lastFailure;
    private bool _disposed;

    /// <summary>Creates the client; nothing connects until the first command.</summary>
    public RedisClient(RedisClientOptions options, ILogger<RedisClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
    }

    /// <summary>The configured server, as given in the options.</summary>
    public string Endpoint => _options.Endpoint;

    /// <inheritdoc cref="RedisConnection.ExecuteAsync(string, IReadOnlyList{RedisArgument}, CancellationToken)"/>
    public async Task<RespValue> ExecuteAsync(string command, IReadOnlyList<RedisArgument> arguments, CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(command, arguments, cancellationToken);
    }

    /// <inheritdoc cref="RedisConnection.EvaluateAsync"/>
    public async Task<RespValue> EvaluateAsync(
        RedisScript script,
        IReadOnlyList<RedisArgument> keys,
        IReadOnlyList<RedisArgument> arguments,
        CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        return await connection.EvaluateAsync(script, keys, arguments, cancellationToken);
    }

    /// <summary>The current connection, opening a new one when the last one failed.</summary>
    /// <exception cref="RedisConnectionException">The server is unreachable (now, or within the back-off window).</exception>
    public async Task<RedisConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
    {
        var current = Volatile.Read(ref _connection);
        if (current is { IsConnected: true })
        {
            return current;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { IsConnected: true } connected)
            {
                return connected;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            if (_lastFailure is not null && _timeProvider.GetTimestamp() < _nextAttempt)
            {
                throw new RedisConnectionException(_lastFailure.Message, _lastFailure);
            }

            try
            {
                var connection = await RedisConnection.ConnectAsync(_options, _logger, _timeProvider, pushHandler: null, cancellationToken);
                _backoff.Reset();
                _lastFailure = null;
                Volatile.Write(ref _connection, connection);
                return connection;
            }
            catch (RedisConnectionException ex)
            {
                _lastFailure = ex;
                _nextAttempt = _timeProvider.GetTimestamp() + (long)(_backoff.Next().TotalSeconds * _timeProvider.TimestampFrequency);
                throw;
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connectLock.WaitAsync(CancellationToken.None);
        try
        {
            _disposed = true;
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
