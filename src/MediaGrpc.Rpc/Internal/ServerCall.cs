using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// The message and header I/O of one server call over Kestrel's HTTP/2 request:
/// frames read from the request body pipe, frames written into the response body pipe,
/// the status written as trailers, or as headers when nothing else was sent.
/// </summary>
internal sealed class ServerCall
{
    // RFC 9113 section 7: CANCEL (0x8), "the stream is no longer needed".
    private const int Http2CancelErrorCode = 0x8;

    private readonly HttpContext _httpContext;
    private readonly PipeReader _requestBody;
    private readonly PipeWriter _responseBody;
    private readonly int _maxReceiveMessageSize;
    private readonly int _maxSendMessageSize;
    private readonly GrpcServerMetrics _metrics;
    private readonly string _method;
    private readonly TimeSpan? _idleTimeout;
    private readonly PayloadLease? _lease;
    private readonly TimeProvider _timeProvider;
    private readonly bool _requestCompressed;
    private readonly bool _clientAcceptsGzip;
    private string? _responseCompression;
    private bool _requestEnded;
    private bool _headersSent;
    private bool _writing;
    private bool _flushing;
    private bool _flushAbandoned;
    private CancellationTokenRegistration _cancellation;
    private CancellationToken _watchedToken;

    public ServerCall(
        HttpContext httpContext,
        GrpcServerOptions options,
        PayloadLifetime requestPayloads,
        TimeProvider timeProvider,
        GrpcServerMetrics metrics,
        string method)
    {
        _metrics = metrics;
        _method = method;
        _idleTimeout = options.StreamIdleTimeout;
        _lease = requestPayloads == PayloadLifetime.UntilNextRead ? new PayloadLease() : null;
        _timeProvider = timeProvider;
        _httpContext = httpContext;
        _requestBody = httpContext.Request.BodyReader;
        _responseBody = httpContext.Response.BodyWriter;
        _maxReceiveMessageSize = options.MaxReceiveMessageSize;
        _maxSendMessageSize = options.MaxSendMessageSize ?? int.MaxValue;

        // GrpcRequestValidator has already refused encodings other than identity and gzip.
        var headers = httpContext.Request.Headers;
        _requestCompressed = headers[GrpcProtocol.EncodingHeader].ToString()
            .Equals(GrpcCompression.Gzip, StringComparison.OrdinalIgnoreCase);
        _clientAcceptsGzip = GrpcCompression.Accepts(headers[GrpcProtocol.AcceptEncodingHeader].ToString(), GrpcCompression.Gzip);
        _responseCompression = _clientAcceptsGzip ? GrpcCompression.Normalize(options.ResponseCompression) : null;
    }

    /// <summary>
    /// The compression of response messages: null for identity, or "gzip". Only a client
    /// that listed the encoding in <c>grpc-accept-encoding</c> gets it; for others, setting
    /// it leaves identity (the fallback every client reads).
    /// </summary>
    /// <exception cref="InvalidOperationException">Set after the response headers went out.</exception>
    public string? ResponseCompression
    {
        get => _responseCompression;
        set
        {
            var normalized = GrpcCompression.Normalize(value);
            if (ResponseStarted)
            {
                if (normalized == _responseCompression)
                {
                    return;
                }

                throw new InvalidOperationException("The response compression cannot change once response headers were sent.");
            }

            _responseCompression = _clientAcceptsGzip ? normalized : null;
        }
    }

    /// <summary>Whether the next response messages use <see cref="ResponseCompression"/>; false sends them plain (flag 0).</summary>
    public bool CompressResponses { get; set; } = true;

    /// <summary>Whether the last request message read arrived compressed.</summary>
    public bool LastRequestCompressed { get; private set; }

    /// <summary>True once response headers went out: the status must then go in trailers.</summary>
    public bool ResponseStarted => _headersSent || _httpContext.Response.HasStarted;

    /// <summary>
    /// Reads the next request message; null when the client ended its stream cleanly.
    /// </summary>
    /// <exception cref="RpcException">A malformed, oversized or truncated message.</exception>
    public Task<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T> =>
        ReadMessageAsync(parser, pooled: _lease is not null, cancellationToken);

    /// <summary>Returns the pooled payload buffers of the last message; the handler is done with it.</summary>
    public void ReleasePayloads() => _lease?.Release();

    private async Task<T?> ReadMessageAsync<T>(MessageParser<T> parser, bool pooled, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        try
        {
            // Asking for the next message ends the previous one's payloads.
            _lease?.Release();
            return await ReadMessageCoreAsync(parser, pooled, cancellationToken);
        }
        catch (IOException e)
        {
            // Kestrel reports a stream the client reset from AdvanceTo as well as from ReadAsync.
            throw new OperationCanceledException("The client reset the call.", e, cancellationToken);
        }
    }

    private async Task<T?> ReadMessageCoreAsync<T>(MessageParser<T> parser, bool pooled, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        if (_requestEnded)
        {
            return default;
        }

        while (true)
        {
            var result = await ReadBodyAsync(cancellationToken);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (GrpcFrame.TryRead(ref buffer, _maxReceiveMessageSize, _requestCompressed, out var payload, out var compressed))
            {
                T message;
                try
                {
                    LastRequestCompressed = compressed;
                    message = compressed ? ParseCompressed(parser, payload, _maxReceiveMessageSize)
                        : pooled ? PooledPayloadParser.Parse(parser, payload, _lease!)
                        : parser.ParseFrom(payload);
                }
                catch (InvalidProtocolBufferException e)
                {
                    throw new RpcException(StatusCode.Internal, "Failed to deserialize the request message: " + e.Message);
                }
                finally
                {
                    _requestBody.AdvanceTo(buffer.Start);
                }

                _metrics.MessageReceived(_method);
                return message;
            }

            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                _requestBody.AdvanceTo(buffer.End);
                _requestEnded = true;
                if (leftover != 0)
                {
                    throw new RpcException(StatusCode.Internal, "The request ended in the middle of a message.");
                }

                return default;
            }

            // Nothing whole yet: everything seen is examined, so the next read waits for more bytes.
            _requestBody.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static T ParseCompressed<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload, int maxMessageSize)
        where T : IMessage<T>
    {
        var length = GrpcCompression.Decompress(payload, maxMessageSize, out var inflated);
        try
        {
            return parser.ParseFrom(new ReadOnlySpan<byte>(inflated, 0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(inflated);
        }
    }

    /// <summary>
    /// Reads the request pipe; a stream the client reset surfaces from Kestrel as an
    /// I/O error, which for the handler is just what it is: the call was cancelled.
    /// </summary>
    private async ValueTask<ReadResult> ReadBodyAsync(CancellationToken cancellationToken)
    {
        if (_idleTimeout is { } idle)
        {
            return await ReadBodyWithIdleTimeoutAsync(idle, cancellationToken);
        }

        try
        {
            return await _requestBody.ReadAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new OperationCanceledException("The client reset the call.", e, cancellationToken);
        }
    }

    private async ValueTask<ReadResult> ReadBodyWithIdleTimeoutAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        using var idleSource = new CancellationTokenSource(idle, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleSource.Token);
        try
        {
            return await _requestBody.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (idleSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(
                StatusCode.Cancelled,
                $"No request message arrived within the stream idle timeout ({idle.TotalSeconds:0.###} s).");
        }
        catch (IOException e)
        {
            throw new OperationCanceledException("The client reset the call.", e, cancellationToken);
        }
    }

    /// <summary>Reads the single request of a unary or server-streaming call.</summary>
    public async Task<T> ReadSingleMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        // Never pooled: the end-of-stream check right after would end the message's payloads.
        var message = await ReadMessageAsync(parser, pooled: false, cancellationToken)
            ?? throw new RpcException(StatusCode.Internal, "The request ended before its message.");
        if (await ReadMessageAsync(parser, pooled: false, cancellationToken) is not null)
        {
            throw new RpcException(StatusCode.Internal, "The request carried more than one message on a call that takes one.");
        }

        return message;
    }

    /// <summary>Sends response headers (with custom entries) if not sent yet.</summary>
    public async Task WriteHeadersAsync(Metadata? headers, CancellationToken cancellationToken)
    {
        if (ResponseStarted)
        {
            if (headers is not null)
            {
                throw new InvalidOperationException("Response headers were already sent.");
            }

            return;
        }

        if (headers is not null)
        {
            foreach (var entry in headers)
            {
                _httpContext.Response.Headers.Append(entry.Key, MetadataCodec.EncodeValue(entry));
            }
        }

        AddEncodingHeaders();
        _headersSent = true;
        await _httpContext.Response.StartAsync(cancellationToken);
    }

    /// <summary>Serializes one message straight into the response pipe and flushes it.</summary>
    public async Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        if (_writing)
        {
            throw new InvalidOperationException("A write is already in progress: await each WriteAsync before the next.");
        }

        _writing = true;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!ResponseStarted)
            {
                AddEncodingHeaders();
            }

            if (_responseCompression is not null && CompressResponses)
            {
                GrpcCompression.WriteCompressedFrame(_responseBody, message, _maxSendMessageSize);
            }
            else
            {
                GrpcFrame.Write(_responseBody, message, _maxSendMessageSize);
            }

            _headersSent = true;
            _metrics.MessageSent(_method);
            FlushResult flush;
            WatchForCancellation(cancellationToken);
            Volatile.Write(ref _flushing, true);
            try
            {
                // Not cancelled through the token: Kestrel answers a cancelled flush by
                // aborting the stream with INTERNAL_ERROR. OnCancelledWhileFlushing resets
                // it with CANCEL instead, which ends this flush.
                flush = await _responseBody.FlushAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                throw new OperationCanceledException("The call was reset.", e, cancellationToken);
            }
            finally
            {
                Volatile.Write(ref _flushing, false);
            }

            cancellationToken.ThrowIfCancellationRequested();

            if (flush.IsCanceled || flush.IsCompleted)
            {
                // The client went away: the pipe no longer takes data.
                throw new OperationCanceledException("The client is no longer reading the response.");
            }
        }
        finally
        {
            _writing = false;
        }
    }

    /// <summary>Once per call (handlers write with one token): cancellation during a flush resets the stream.</summary>
    private void WatchForCancellation(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == _watchedToken)
        {
            return;
        }

        _cancellation.Dispose();
        _watchedToken = cancellationToken;
        _cancellation = cancellationToken.UnsafeRegister(static state => ((ServerCall)state!).OnCancelledWhileFlushing(), this);
    }

    /// <summary>
    /// The handler was cancelled while its flush waited on the client's flow-control window:
    /// no trailers can follow the data still queued, so the stream is reset with CANCEL,
    /// which clients read as CANCELLED (PROTOCOL-HTTP2.md, "RST_STREAM"), and which frees
    /// the queued data at once.
    /// </summary>
    private void OnCancelledWhileFlushing()
    {
        if (Volatile.Read(ref _flushing) && _httpContext.Features.Get<IHttpResetFeature>() is { } reset)
        {
            Volatile.Write(ref _flushAbandoned, true);
            try
            {
                reset.Reset(Http2CancelErrorCode);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // The stream ended meanwhile (the client reset it first): nothing to reset.
            }
        }
    }

    private void AddEncodingHeaders()
    {
        var headers = _httpContext.Response.Headers;
        headers[GrpcProtocol.AcceptEncodingHeader] = GrpcCompression.AcceptEncoding;
        if (_responseCompression is not null)
        {
            headers[GrpcProtocol.EncodingHeader] = _responseCompression;
        }
    }

    /// <summary>
    /// Ends the call with its status: in trailers after any response data, or as a
    /// trailers-only response (status in the headers, no body) when nothing was sent.
    /// </summary>
    public void WriteStatus(Status status, Metadata trailers)
    {
        _cancellation.Dispose();
        if (Volatile.Read(ref _flushAbandoned))
        {
            // Already reset with CANCEL (OnCancelledWhileFlushing): nothing more can be sent.
            return;
        }

        var response = _httpContext.Response;
        if (ResponseStarted)
        {
            foreach (var entry in trailers)
            {
                response.AppendTrailer(entry.Key, MetadataCodec.EncodeValue(entry));
            }

            StatusTrailers.Write(status, (name, value) => response.AppendTrailer(name, value));
        }
        else
        {
            foreach (var entry in trailers)
            {
                response.Headers.Append(entry.Key, MetadataCodec.EncodeValue(entry));
            }

            StatusTrailers.Write(status, (name, value) => response.Headers.Append(name, value));
        }
    }
}
