using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using MediaGrpc.Redis.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaGrpc.Redis;

/// <summary>
/// One TCP connection to a Redis server, shared by any number of concurrent callers.
/// </summary>
/// <remarks>
/// <para>
/// Redis answers the commands of one connection strictly in the order it received them
/// (https://redis.io/docs/latest/develop/use/pipelining/). So the connection is pipelined and
/// multiplexed: callers append their command to the output pipe and a completion to the
/// pending queue under one lock, in the same order, and the receive loop hands each reply to
/// the completion at the head of the queue. Nothing waits for a reply before sending the next
/// command.
/// </para>
/// <para>
/// A caller that gives up (cancellation, command timeout) only stops waiting: its completion
/// stays in the queue and swallows the reply when it arrives, so the FIFO never slips. When the
/// connection drops, every command in flight fails with <see cref="RedisConnectionException"/>
/// and the connection stays failed; reconnecting is the job of a layer above.
/// </para>
/// </remarks>
public sealed partial class RedisConnection : IAsyncDisposable
{
    // Output beyond this stops writers until the send loop has drained it to the socket, which
    // bounds memory per connection by this figure plus one command, not by the callers' appetite.
    private const long PauseWriterThreshold = 1024 * 1024;
    private const long ResumeWriterThreshold = PauseWriterThreshold / 2;

    private readonly string _endpointText;
    private readonly TimeSpan _commandTimeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Stream _transport;
    private readonly PipeReader _input;
    private readonly Pipe _output;
    private readonly RespReaderLimits _limits = RespReaderLimits.Default;

    // Held while a command is appended to the output and its completion to _pending, so the
    // two orders agree. A SemaphoreSlim rather than a lock because the flush may await.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Completions of commands written and not yet answered, oldest first. Guarded by itself,
    // together with _failure, so no completion can be queued after the queue was failed.
    private readonly Queue<TaskCompletionSource<RespValue>> _pending = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _receiveLoop;
    private readonly Task _sendLoop;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Receives out-of-band data: RESP3 push frames always, and in subscriber mode (RESP2) every
    // reply that answers no queued command. Null on a plain command connection.
    private readonly Action<RespValue>? _pushHandler;
    private RedisConnectionException? _failure;
    private int _disposed;

    private RedisConnection(
        RedisEndpoint endpoint,
        RedisClientOptions options,
        Stream transport,
        ILogger logger,
        TimeProvider timeProvider,
        Action<RespValue>? pushHandler)
    {
        _pushHandler = pushHandler;
        _endpointText = endpoint.ToString();
        _commandTimeout = options.CommandTimeout;
        _logger = logger;
        _timeProvider = timeProvider;
        _transport = transport;
        _input = PipeReader.Create(transport, new StreamPipeReaderOptions(leaveOpen: true));
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: PauseWriterThreshold,
            resumeWriterThreshold: ResumeWriterThreshold,
            useSynchronizationContext: false));
        _receiveLoop = ReceiveLoopAsync();
        _sendLoop = SendLoopAsync();
    }

    /// <summary>The server this connection talks to, as <c>host:port</c>.</summary>
    public string Endpoint => _endpointText;

    /// <summary>False once the connection has been lost or disposed; it never comes back.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_pending)
            {
                return _failure is null;
            }
        }
    }

    /// <summary>Completes when the connection has failed or was disposed.</summary>
    internal Task Closed => _closed.Task;

    /// <summary>
    /// Opens a connection, then sends AUTH (when a password is set) and SELECT (when the
    /// database is not 0) before returning it.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="RedisConnectionException">
    /// The server could not be reached within <see cref="RedisClientOptions.ConnectTimeout"/>,
    /// or refused AUTH or SELECT (the server's error is the inner exception).
    /// </exception>
    public static Task<RedisConnection> ConnectAsync(
        RedisClientOptions options,
        ILogger<RedisConnection>? logger = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default) =>
        ConnectAsync(options, logger, timeProvider, pushHandler: null, cancellationToken);

    internal static async Task<RedisConnection> ConnectAsync(
        RedisClientOptions options,
        ILogger? logger,
        TimeProvider? timeProvider,
        Action<RespValue>? pushHandler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var endpoint = RedisEndpoint.Parse(options.Endpoint);
        var endpointText = endpoint.ToString();
        var log = logger ?? NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;

        using var deadline = options.ConnectTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        RedisConnection? connection = null;
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, linked.Token);
            Stream transport = new NetworkStream(socket, ownsSocket: true);
            if (options.UseTls)
            {
                var tls = new SslStream(transport, leaveInnerStreamOpen: false);
                transport = tls;
                await tls.AuthenticateAsClientAsync(TlsTrust.ClientOptions(options, endpoint.Host), linked.Token);
            }

            connection = new RedisConnection(endpoint, options, transport, log, time, pushHandler);
            await connection.HandshakeAsync(options, linked.Token);
            RedisLog.Connected(log, endpointText, options.Database);
            return connection;
        }
        catch (Exception ex)
        {
            socket.Dispose();
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            var failure = ex switch
            {
                OperationCanceledException or TimeoutException =>
                    new RedisConnectionException($"Timed out after {options.ConnectTimeout} connecting to Redis at {endpointText}.", ex),
                RedisServerException =>
                    new RedisConnectionException($"Redis at {endpointText} refused the connection handshake: {ex.Message}", ex),
                RedisConnectionException connectionException => connectionException,
                _ => new RedisConnectionException($"Could not connect to Redis at {endpointText}: {ex.Message}", ex),
            };
            RedisLog.ConnectFailed(log, endpointText, failure);
            throw failure;
        }
    }

    /// <summary>Sends a command without arguments, such as PING or DBSIZE.</summary>
    /// <inheritdoc cref="ExecuteAsync(string, IReadOnlyList{RedisArgument}, CancellationToken)"/>
    public Task<RespValue> ExecuteAsync(string command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, [], cancellationToken);

    /// <summary>Sends one command and waits for its reply.</summary>
    /// <param name="command">The command name, such as <c>GET</c>.</param>
    /// <param name="arguments">The arguments, each sent as one bulk string.</param>
    /// <param name="cancellationToken">Stops waiting; a command already sent still runs on the server.</param>
    /// <returns>The reply; never an error reply.</returns>
    /// <exception cref="RedisServerException">The server answered with an error.</exception>
    /// <exception cref="RedisConnectionException">The connection is or became unusable.</exception>
    /// <exception cref="TimeoutException">No reply within <see cref="RedisClientOptions.CommandTimeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed before the command was sent.</exception>
    public async Task<RespValue> ExecuteAsync(string command, IReadOnlyList<RedisArgument> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(arguments);

        var reply = await SendAsync(command, arguments, cancellationToken);
        RespValue value;
        try
        {
            value = _commandTimeout == Timeout.InfiniteTimeSpan
                ? await reply.WaitAsync(cancellationToken)
                : await reply.WaitAsync(_commandTimeout, _timeProvider, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"Redis at {_endpointText} did not answer {command} within {_commandTimeout}; the late reply will be discarded.", ex);
        }

        return value.IsError ? throw new RedisServerException(value.AsString() ?? "ERR") : value;
    }

    /// <summary>
    /// Closes the connection. Commands still waiting for a reply fail with
    /// <see cref="RedisConnectionException"/>; later calls throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Fail(new RedisConnectionException($"The connection to Redis at {_endpointText} was closed."));
        await Task.WhenAll(_receiveLoop, _sendLoop);

        // Failing the connection completed the output reader, so no flush is blocked and the
        // lock comes free; once held, no writer can be inside the pipe while it completes.
        await _writeLock.WaitAsync(CancellationToken.None);
        try
        {
            await _output.Writer.CompleteAsync();
        }
        finally
        {
            _writeLock.Release();
        }

        _shutdown.Dispose();
    }

    private async Task HandshakeAsync(RedisClientOptions options, CancellationToken cancellationToken)
    {
        if (options.Protocol == 3)
        {
            // HELLO 3 switches the protocol and authenticates in one round trip.
            IReadOnlyList<RedisArgument> hello = options.Password is null
                ? [3]
                : [3, "AUTH", options.User ?? "default", options.Password];
            await ExecuteAsync("HELLO", hello, cancellationToken);
        }
        else if (options.Password is not null)
        {
            IReadOnlyList<RedisArgument> credentials = options.User is null
                ? [options.Password]
                : [options.User, options.Password];
            await ExecuteAsync("AUTH", credentials, cancellationToken);
        }

        if (options.Database != 0)
        {
            await ExecuteAsync("SELECT", [options.Database], cancellationToken);
        }
    }

    /// <summary>
    /// Sends a command that gets no reply of its own (SUBSCRIBE and friends on a subscriber
    /// connection: their confirmations arrive as push data).
    /// </summary>
    internal async Task SendWithoutReplyAsync(string command, IReadOnlyList<RedisArgument> arguments, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            lock (_pending)
            {
                if (_failure is not null)
                {
                    throw new RedisConnectionException(_failure.Message, _failure.InnerException);
                }
            }

            RespWriter.WriteCommand(_output.Writer, command, arguments);
            await _output.Writer.FlushAsync(CancellationToken.None);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Appends the command and its completion under the write lock and returns the completion's
    // task. The flush ignores the caller's token: a command half in the pipe must go out whole.
    private async Task<Task<RespValue>> SendAsync(string command, IReadOnlyList<RedisArgument> arguments, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var reply = new TaskCompletionSource<RespValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pending)
            {
                if (_failure is not null)
                {
                    throw Volatile.Read(ref _disposed) != 0
                        ? new ObjectDisposedException(nameof(RedisConnection))
                        : new RedisConnectionException(_failure.Message, _failure.InnerException);
                }

                _pending.Enqueue(reply);
            }

            try
            {
                RespWriter.WriteCommand(_output.Writer, command, arguments);
            }
            catch (Exception ex)
            {
                // Part of the command may be in the pipe already; the stream is beyond repair.
                Fail(new RedisConnectionException($"Could not encode {command} for Redis at {_endpointText}.", ex));
                throw;
            }

            // When the flush reports the reader completed, the send loop has stopped and the
            // failure it recorded has already failed this reply.
            await _output.Writer.FlushAsync(CancellationToken.None);
            return reply.Task;
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
