using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// One client call on one HTTP/2 stream, for all four call kinds. The request body is a
/// <see cref="ClientRequestContent"/> written as the caller writes, and the response is
/// read as it arrives (<c>ResponseHeadersRead</c>), so the two directions flow
/// independently. The call ends exactly once, in <see cref="Finish"/>: with the status
/// the server sent, or with a local one (deadline, cancellation, limit, broken
/// response), which also resets the stream.
/// </summary>
/// <remarks>Split by concern: this file starts and ends the call; <c>.Read.cs</c> reads responses; <c>.Status.cs</c> decides the status.</remarks>
internal sealed partial class ClientCall<TRequest, TResponse> : IClientCall
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    // A TimeProvider timer cannot be armed further out than this (about 49.7 days); such
    // a deadline is still sent to the server, which enforces it.
    private static readonly TimeSpan s_maxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly TRequest? _request;
    private readonly ClientRequestContent _content;
    private readonly string? _compression;

    // Cancelled when the call ends with a local status: aborts the HTTP request and any
    // pending read or write, and SocketsHttpHandler resets the stream (RST_STREAM CANCEL).
    // Never disposed: HttpClient may still hold registrations on its token, and a source
    // without a timer or wait handle owns nothing that needs disposal.
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource<Metadata> _responseHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClientStreamWriter<TRequest, TResponse>? _requestStream;
    private CancellationTokenRegistration _cancellationRegistration;
    private ITimer? _deadlineTimer;
    private Task _sendTask = Task.CompletedTask;
    private HttpRequestMessage? _httpRequest;
    private HttpResponseMessage? _httpResponse;
    private CallOutcome? _outcome;

    public ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options, TRequest? request)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _request = request;
        _compression = options.Compression is null ? channel.Compression : GrpcCompression.Normalize(options.Compression);
        _content = new ClientRequestContent(request, channel.MaxSendMessageSize, _compression is not null);
    }

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Task;

    /// <summary>How the call ended; null while it runs. Set once, by <see cref="Finish"/>, from any thread.</summary>
    private CallOutcome? Outcome => Volatile.Read(ref _outcome);

    /// <summary>The request stream of a client-streaming or duplex call.</summary>
    public ClientStreamWriter<TRequest, TResponse> RequestStream => _requestStream ??= new ClientStreamWriter<TRequest, TResponse>(this);

    internal ClientRequestContent Content => _content;

    internal int MaxSendMessageSize => _channel.MaxSendMessageSize;

    /// <summary>The compression of request messages: null (identity) or "gzip".</summary>
    internal string? Compression => _compression;

    /// <summary>Cancelled when the call ended with a local status; pass it to every transport operation.</summary>
    internal CancellationToken AbortToken => _abort.Token;

    /// <summary>Sends the request headers (and the request, when there is exactly one) and starts waiting for the response.</summary>
    public void Start()
    {
        ClientLog.CallStarting(_channel.Logger, _method.Path);
        TimeSpan? timeout = null;
        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            var utc = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
            var remaining = utc - _channel.TimeProvider.GetUtcNow().UtcDateTime;
            if (remaining <= TimeSpan.Zero)
            {
                // Already late: nothing is sent, as the server would only reject it.
                OnDeadline();
                return;
            }

            timeout = remaining;
            if (remaining < s_maxTimerDelay)
            {
                _deadlineTimer = _channel.TimeProvider.CreateTimer(
                    static state => ((ClientCall<TRequest, TResponse>)state!).OnDeadline(),
                    this,
                    remaining,
                    Timeout.InfiniteTimeSpan);
            }
        }

        if (_options.CancellationToken.CanBeCanceled)
        {
            // Runs the callback at once when the token is already cancelled.
            _cancellationRegistration = _options.CancellationToken.UnsafeRegister(
                static state => ((ClientCall<TRequest, TResponse>)state!).Cancel(),
                this);
        }

        // Checked before sending, so that an oversized request never reaches the wire.
        if (_request?.CalculateSize() is { } size && size > _channel.MaxSendMessageSize)
        {
            Finish(new Status(
                StatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {_channel.MaxSendMessageSize})."));
        }

        if (Outcome is not null)
        {
            return;
        }

        _httpRequest = ClientHeaders.CreateRequest(_channel.GetRequestUri(_method.Path), _content, _options.Headers, timeout, _compression);
        _sendTask = SendAsync(_httpRequest);
    }

    public Status GetStatus() =>
        Outcome?.Status ?? throw new InvalidOperationException("The call is not complete: its status is not known yet.");

    public Metadata GetTrailers() =>
        Outcome?.Trailers ?? throw new InvalidOperationException("The call is not complete: its trailers are not known yet.");

    /// <summary>Cancels the call if it still runs, then releases the HTTP response.</summary>
    public void Dispose()
    {
        if (Outcome is null)
        {
            Finish(new Status(StatusCode.Cancelled, "Call disposed before it completed."));
        }

        _requestStream?.Release();
        ReleaseResponse();
        _deadlineTimer?.Dispose();
        _cancellationRegistration.Dispose();
        if (_sendTask.IsCompleted)
        {
            _httpRequest?.Dispose();
        }
    }

    /// <summary>
    /// Lets the token of one read or write cancel the call: the HTTP/2 stream cannot
    /// resume a read or write abandoned half-way, so there is no cancelling only the operation.
    /// </summary>
    internal CancellationTokenRegistration RegisterOperation(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled && cancellationToken != _options.CancellationToken
            ? cancellationToken.UnsafeRegister(static state => ((ClientCall<TRequest, TResponse>)state!).Cancel(), this)
            : default;

    private void Cancel() => Finish(new Status(StatusCode.Cancelled, "Call canceled by the client."));

    private void OnDeadline() => Finish(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."));

    private async Task SendAsync(HttpRequestMessage request)
    {
        try
        {
            var response = await _channel.HttpClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _abort.Token)
                .ConfigureAwait(false);

            // A full fence, paired with the one in Finish: either Dispose sees the response
            // and releases it, or this sees the call ended and releases it here.
            Interlocked.Exchange(ref _httpResponse, response);
            if (Outcome is { Status.Code: not StatusCode.OK })
            {
                ReleaseResponse();
                return;
            }

            OnResponseHeaders(response);
        }
        catch (Exception e)
        {
            // The call has its status from here on; callers see it when they read or write.
            _ = MapFailure(e);
        }
    }

    /// <summary>The end of a call, published at once so that its status and trailers are always seen together.</summary>
    private sealed record CallOutcome(Status Status, Metadata Trailers);
}
