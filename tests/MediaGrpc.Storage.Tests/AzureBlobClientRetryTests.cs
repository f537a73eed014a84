using System.Net;
using MediaGrpc.Testing;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Tests;

/// <summary>Retries and failure reporting of <see cref="AzureBlobClient"/>, with the service played by a script.</summary>
public sealed class AzureBlobClientRetryTests : IDisposable
{
    private readonly ScriptedBlobService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task Transient_failures_are_retried_with_a_fresh_signature_each_time()
    {
        _service.Reply(HttpStatusCode.ServiceUnavailable, "ServerBusy").Reply(HttpStatusCode.InternalServerError).Reply(HttpStatusCode.Created);
        using var client = CreateClient(maxRetries: 3);

        await client.PutBlockAsync("media", "ttl-7d/media/a", "MDAw", new byte[] { 1, 2, 3 }, CancellationToken.None);

        Assert.Equal(3, _service.Requests.Count);
        Assert.All(_service.Requests, r => Assert.Equal("SharedKey", r.Headers.Authorization?.Scheme));
        Assert.Equal(3, _service.Requests.Select(r => r.Headers.GetValues("x-ms-client-request-id").Single()).Distinct().Count());
        Assert.All(_service.Requests, r => Assert.Equal(AzureBlobClient.ServiceVersion, r.Headers.GetValues("x-ms-version").Single()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Retries_are_bounded_and_the_last_status_and_error_code_are_reported()
    {
        for (var i = 0; i < 5; i++)
        {
            _service.Reply(HttpStatusCode.ServiceUnavailable, "ServerBusy");
        }

        using var client = CreateClient(maxRetries: 2);

        var error = await Assert.ThrowsAsync<BlobStoreException>(
            () => client.PutBlockAsync("media", "ttl-7d/media/a", "MDAw", new byte[] { 1 }, CancellationToken.None));

        Assert.Equal(3, _service.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("ServerBusy", error.ErrorCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Client_errors_are_not_retried_and_carry_the_service_message()
    {
        _service.Reply(
            HttpStatusCode.Forbidden,
            "AuthenticationFailed",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Signature did not match.\nRequestId:1</Message></Error>");
        using var client = CreateClient(maxRetries: 3);

        var error = await Assert.ThrowsAsync<BlobStoreException>(
            () => client.GetPropertiesAsync("media", "ttl-7d/media/a", CancellationToken.None));

        Assert.Single(_service.Requests);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("AuthenticationFailed", error.ErrorCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Error_body_message_is_included_for_requests_with_a_body()
    {
        _service.Reply(
            HttpStatusCode.BadRequest,
            "InvalidBlockId",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>InvalidBlockId</Code><Message>The specified block ID is invalid.\nRequestId:1</Message></Error>");
        using var client = CreateClient(maxRetries: 0);

        var error = await Assert.ThrowsAsync<BlobStoreException>(
            () => client.PutBlockAsync("media", "ttl-7d/media/a", "MDAw", new byte[] { 1 }, CancellationToken.None));

        Assert.Contains("The specified block ID is invalid.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestId", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Connection_failures_and_timeouts_are_retried_then_reported()
    {
        _service.Fail(new HttpRequestException(HttpRequestError.ConnectionError, "refused")).Hang().Fail(new HttpRequestException("reset"));
        using var client = CreateClient(maxRetries: 2, tryTimeout: TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<BlobStoreException>(
            () => client.DeleteBlobAsync("media", "ttl-7d/media/a", CancellationToken.None));

        Assert.Equal(3, _service.Requests.Count);
        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact(Timeout = 60_000)]
    public async Task Caller_cancellation_is_not_retried()
    {
        _service.Hang().Reply(HttpStatusCode.Accepted);
        using var client = CreateClient(maxRetries: 3);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.DeleteBlobAsync("media", "ttl-7d/media/a", cancellation.Token));

        Assert.Single(_service.Requests);
    }

    private AzureBlobClient CreateClient(int maxRetries, TimeSpan? tryTimeout = null) => new(
        Options.Create(new AzureBlobClientOptions
        {
            ConnectionString = AzuriteDevelopmentAccount.ConnectionString("http://127.0.0.1:1/devstoreaccount1"),
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
            TryTimeout = tryTimeout ?? TimeSpan.FromSeconds(30),
        }),
        _service,
        logger: null,
        timeProvider: null);
}
