using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// The .NET client against the owner's call rate limit (one call per 2 s, no burst): an
/// upload, a download or a unary call the limit refuses waits the server's RetryInfo delay and
/// goes through, byte for byte; a client whose MaxRetryDelay is shorter than that delay
/// reports the refusal.
/// </summary>
public sealed class ClientWaitsOutRateLimitTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-ratewait-" + Guid.NewGuid().ToString("N"));
    private MediaServerHost _host = null!;

    public async Task InitializeAsync()
    {
        var configuration = MediaServerHost.LocalDisk(_root);
        configuration["RateLimits:Enabled"] = "true";
        configuration["RateLimits:TokenLimit"] = "1";
        configuration["RateLimits:TokensPerPeriod"] = "1";
        configuration["RateLimits:ReplenishmentPeriod"] = "00:00:02";
        _host = await MediaServerHost.StartAsync(configuration);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Upload_and_downloads_refused_by_the_rate_limit_wait_the_advised_delay_and_complete()
    {
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        var content = TestData.Bytes(300_000, seed: 61);

        // Each call below finds the owner's only token taken by the call before it.
        await SpendTheTokenAsync(channel);
        var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "limited" });
        var toStream = new MemoryStream();
        await client.DownloadAsync(upload.Media.MediaId, toStream);
        var toFile = Path.Combine(_root, "limited.bin");
        await client.CreateDownloader().DownloadToFile(upload.Media.MediaId, toFile);

        Assert.Equal(content, toStream.ToArray());
        Assert.Equal(content, await File.ReadAllBytesAsync(toFile));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Unary_calls_refused_by_the_rate_limit_wait_the_advised_delay_and_complete()
    {
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        await SpendTheTokenAsync(channel);
        var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(1000, seed: 63)), new MediaSpec { DisplayName = "unary" });

        // Each call below finds the owner's only token taken by the call before it.
        var record = await client.GetMediaAsync(upload.Media.MediaId);
        var status = await client.GetUploadStatusAsync(upload.UploadId);
        await client.DeleteMediaAsync(upload.Media.MediaId);
        await TestData.FailsWith(StatusCode.NotFound, () => client.GetMediaAsync(upload.Media.MediaId));

        Assert.Equal(1000, record.Size);
        Assert.True(status.Complete);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Advised_delay_longer_than_max_retry_delay_reaches_the_caller_with_its_retry_info()
    {
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel, new MediaGrpcClientOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(100) });

        await SpendTheTokenAsync(channel);
        var refused = await TestData.FailsWith(
            StatusCode.ResourceExhausted,
            () => client.UploadAsync(new MemoryStream(TestData.Bytes(1000, seed: 62)), new MediaSpec { DisplayName = "refused" }));
        var refusedUnary = await TestData.FailsWith(StatusCode.ResourceExhausted, () => client.GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));

        Assert.NotNull(refused.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>());
        Assert.NotNull(refusedUnary.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>());
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Refusal_carries_grpc_retry_pushback_ms_equal_to_its_retry_info()
    {
        using var channel = _host.CreateChannel();
        await SpendTheTokenAsync(channel);

        var refused = await TestData.FailsWith(
            StatusCode.ResourceExhausted,
            () => new UploadService.UploadServiceClient(channel).GetUploadLimitsAsync(new GetUploadLimitsRequest()).ResponseAsync);

        var pushback = refused.Trailers.GetValue("grpc-retry-pushback-ms");
        Assert.NotNull(pushback);
        var advised = refused.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan();
        Assert.InRange(long.Parse(pushback, System.Globalization.CultureInfo.InvariantCulture), 1, 2100);
        Assert.Equal(Math.Ceiling(advised.TotalMilliseconds), double.Parse(pushback, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Grpc_net_client_retry_policy_waits_the_pushback_instead_of_its_own_backoff()
    {
        // gRFC A6 retries with a backoff of 60 s: a call that succeeds within the test's time
        // most likely waited the server's pushback (about 2 s), not its own jittered backoff.
        var policy = new Grpc.Net.Client.Configuration.MethodConfig
        {
            Names = { Grpc.Net.Client.Configuration.MethodName.Default },
            RetryPolicy = new Grpc.Net.Client.Configuration.RetryPolicy
            {
                MaxAttempts = 2,
                InitialBackoff = TimeSpan.FromSeconds(60),
                MaxBackoff = TimeSpan.FromSeconds(60),
                BackoffMultiplier = 1,
                RetryableStatusCodes = { StatusCode.ResourceExhausted },
            },
        };
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(_host.Address, new Grpc.Net.Client.GrpcChannelOptions
        {
            ServiceConfig = new Grpc.Net.Client.Configuration.ServiceConfig { MethodConfigs = { policy } },
        });
        await SpendTheTokenAsync(channel);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var limits = await new UploadService.UploadServiceClient(channel).GetUploadLimitsAsync(new GetUploadLimitsRequest());

        Assert.True(limits.Limits.MaxChunkSize > 0);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    /// <summary>Takes the owner's only token (each test has its own server, so its own bucket).</summary>
    private static async Task SpendTheTokenAsync(Grpc.Net.Client.GrpcChannel channel) =>
        await new UploadService.UploadServiceClient(channel).GetUploadLimitsAsync(new GetUploadLimitsRequest());
}
