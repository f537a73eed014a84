using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// The .NET client against the owner's call rate limit (one call per 2 s, no burst): an
/// upload or download the limit refuses waits the server's RetryInfo delay and goes through,
/// byte for byte; a client whose MaxRetryDelay is shorter than that delay reports the refusal.
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
    public async Task Advised_delay_longer_than_max_retry_delay_reaches_the_caller_with_its_retry_info()
    {
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel, new MediaGrpcClientOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(100) });

        await SpendTheTokenAsync(channel);
        var refused = await TestData.FailsWith(
            StatusCode.ResourceExhausted,
            () => client.UploadAsync(new MemoryStream(TestData.Bytes(1000, seed: 62)), new MediaSpec { DisplayName = "refused" }));

        Assert.NotNull(refused.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>());
    }

    /// <summary>Takes the owner's only token (each test has its own server, so its own bucket).</summary>
    private static async Task SpendTheTokenAsync(Grpc.Net.Client.GrpcChannel channel) =>
        await new UploadService.UploadServiceClient(channel).GetUploadLimitsAsync(new GetUploadLimitsRequest());
}
