using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// Sends <see cref="BlobRequest"/>s: builds a fresh message per attempt (x-ms-date, pinned
/// x-ms-version, Content-MD5, then Shared Key signature or SAS), retries transient failures
/// with exponential backoff, and turns error replies into <see cref="BlobStoreException"/>.
/// Owns the one <see cref="HttpClient"/> of an <see cref="AzureBlobClient"/>.
/// </summary>
internal sealed class BlobHttpPipeline : IDisposable
{
    /// <summary>The REST API version every request pins; Azurite 3.37 accepts it.</summary>
    public const string ServiceVersion = "2025-11-05";

    private const int MaxErrorBodyChars = 4096;

    private readonly HttpClient _http;
    private readonly string _endpoint;
    private readonly SharedKeyCredential? _sharedKey;
    private readonly string? _sas;
    private readonly AzureBlobClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public BlobHttpPipeline(
        StorageConnectionString connection,
        AzureBlobClientOptions options,
        HttpMessageHandler handler,
        ILogger logger,
        TimeProvider timeProvider)
    {
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _endpoint = connection.BlobEndpoint.AbsoluteUri.TrimEnd('/');
        _sharedKey = connection.AccountKey is { } key ? new SharedKeyCredential(connection.AccountName!, key) : null;
        _sas = connection.SharedAccessSignature;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>Sends the request, retrying transient failures; any final reply is returned, success or not.</summary>
    public async Task<HttpResponseMessage> SendAsync(BlobRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (response, failure, reason) = await SendOnceAsync(request, attempt, cancellationToken);
            var canRetry = attempt <= _options.MaxRetries;
            if (response is not null && (!IsTransient(response.StatusCode) || !canRetry))
            {
                return response;
            }

            if (!canRetry)
            {
                AzureBlobClientLog.GaveUp(_logger, request.Operation, request.Resource, attempt, failure!);
                throw new BlobStoreException(
                    $"{request.Operation} {request.Resource} failed after {attempt} attempts: {reason}.", failure);
            }

            var delay = RetryDelay(attempt, response?.Headers.RetryAfter);
            response?.Dispose();
            AzureBlobClientLog.Retrying(_logger, request.Operation, request.Resource, attempt, reason, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
    }

    /// <summary>Builds the exception for an error reply: HTTP status, x-ms-error-code and the service's message.</summary>
    public async Task<BlobStoreException> CreateErrorAsync(BlobRequest request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var errorCode = response.Headers.NonValidated.TryGetValues("x-ms-error-code", out var codes) ? codes.ToString() : null;
        var requestId = response.Headers.NonValidated.TryGetValues("x-ms-request-id", out var ids) ? ids.ToString() : null;
        string? message = null;
        if (request.Method != HttpMethod.Head)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            message = BlobXml.ErrorMessage(body.Length > MaxErrorBodyChars ? body[..MaxErrorBodyChars] : body);
        }

        AzureBlobClientLog.ServiceError(_logger, request.Operation, request.Resource, (int)response.StatusCode, errorCode, requestId);
        return new BlobStoreException(
            $"{request.Operation} {request.Resource} failed: {(int)response.StatusCode} {errorCode ?? response.ReasonPhrase}" +
            (message is null ? "." : ": " + message),
            response.StatusCode,
            errorCode);
    }

    public void Dispose() => _http.Dispose();

    private async Task<(HttpResponseMessage? Response, Exception? Failure, string Reason)> SendOnceAsync(
        BlobRequest request, int attempt, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(request);
        using var tryTimeout = new CancellationTokenSource(_options.TryTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, tryTimeout.Token);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var completion = request.StreamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
            var response = await _http.SendAsync(message, completion, linked.Token);
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                LogExchange(request, attempt, message, response, _timeProvider.GetElapsedTime(started));
            }

            return (response, null, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, exception, $"no reply within {_options.TryTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException exception)
        {
            return (null, exception, exception.HttpRequestError.ToString());
        }
    }

    private void LogExchange(BlobRequest request, int attempt, HttpRequestMessage message, HttpResponseMessage response, TimeSpan elapsed)
    {
        var requestId = response.Headers.NonValidated.TryGetValues("x-ms-request-id", out var ids) ? ids.ToString() : null;
        AzureBlobClientLog.Response(
            _logger, request.Operation, request.Method.Method, request.Resource, attempt, (int)response.StatusCode,
            (long)elapsed.TotalMilliseconds, requestId);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            var sent = LoggableHeaders.Format(message.Headers, message.Content?.Headers);
            var received = LoggableHeaders.Format(response.Headers, response.Content.Headers);
            AzureBlobClientLog.Headers(_logger, request.Operation, sent, received);
        }
    }

    private HttpRequestMessage CreateMessage(BlobRequest request)
    {
        var query = request.Query;
        if (_sas is not null)
        {
            query = query is null ? _sas : query + "&" + _sas;
        }

        var message = new HttpRequestMessage(request.Method, new Uri(_endpoint + request.Path + (query is null ? "" : "?" + query)));
        if (request.Content is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentMD5 = request.ContentMd5 ??= ComputeMd5(body);
        }

        message.Headers.TryAddWithoutValidation("x-ms-date", _timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
        message.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString());
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        _sharedKey?.Sign(message);
        return message;
    }

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Content-MD5 is the service's transport integrity check, not a security measure.")]
    private static byte[] ComputeMd5(ReadOnlyMemory<byte> body) => MD5.HashData(body.Span);

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Backoff jitter, not security.")]
    private TimeSpan RetryDelay(int attempt, System.Net.Http.Headers.RetryConditionHeaderValue? retryAfter)
    {
        var backoff = _options.RetryDelay * Math.Pow(2, attempt - 1) * (0.8 + (0.4 * Random.Shared.NextDouble()));
        var serverAsked = retryAfter?.Delta ?? (retryAfter?.Date - _timeProvider.GetUtcNow()) ?? TimeSpan.Zero;
        var delay = backoff > serverAsked ? backoff : serverAsked;
        return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }
}
