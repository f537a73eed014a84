using Grpc.Core;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// Per-owner call rate limits (ASP.NET Core rate limiting, a token bucket per owner): past
/// its burst an owner gets RESOURCE_EXHAUSTED with google.rpc.RetryInfo and LimitExceeded,
/// as a gRPC status both the .NET client and grpc-js read; other owners and health are untouched.
/// </summary>
public sealed class OwnerRateLimitTests : IAsyncLifetime
{
    private const string CarolKey = "carol-key-0123456789";
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() => _host = await MediaServerHost.StartOnLocalDiskAsync(configuration =>
    {
        configuration.WithKeys();
        configuration["Authentication:ApiKeys:2:Key"] = CarolKey;
        configuration["Authentication:ApiKeys:2:Owner"] = "carol";
        configuration["RateLimits:Enabled"] = "true";
        configuration["RateLimits:TokenLimit"] = "3";
        configuration["RateLimits:TokensPerPeriod"] = "1";
        // Long enough that no token comes back during the test.
        configuration["RateLimits:ReplenishmentPeriod"] = "00:10:00";
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Owner_past_its_burst_gets_resource_exhausted_with_retry_info_and_others_are_untouched()
    {
        using var channel = _host.CreateChannel();
        var alice = new UploadService.UploadServiceClient(channel);
        var asAlice = new CallOptions(new Metadata { { "x-api-key", TwoOwners.AliceKey } });
        var asBob = new CallOptions(new Metadata { { "x-api-key", TwoOwners.BobKey } });

        for (var i = 0; i < 3; i++)
        {
            await alice.GetUploadLimitsAsync(new GetUploadLimitsRequest(), asAlice);
        }

        var limited = await TestData.FailsWith(StatusCode.ResourceExhausted, () => alice.GetUploadLimitsAsync(new GetUploadLimitsRequest(), asAlice).ResponseAsync);

        var status = limited.GetRpcStatus();
        Assert.NotNull(status);
        var retry = status.GetDetail<Google.Rpc.RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var limit = status.GetDetail<LimitExceeded>();
        Assert.NotNull(limit);
        Assert.Equal("owner_call_rate", limit.Limit);
        Assert.Equal(3, limit.Maximum);
        Assert.StartsWith("owner_call_rate is 1 calls per 600 s per owner, bursts of 3", limited.Status.Detail, StringComparison.Ordinal);

        // Another owner has its own bucket; health takes no token.
        await alice.GetUploadLimitsAsync(new GetUploadLimitsRequest(), asBob);
        var health = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), asAlice);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Grpc_js_reads_resource_exhausted_with_retry_info_and_limit_exceeded()
    {
        var result = await CommandRunner.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Root, "tests", "interop", "calls-as.js"),
             "--address", _host.Address.Authority, "--api-key", CarolKey, "--action", "limits", "--repeat", "4"],
            TimeSpan.FromSeconds(50));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var outcome = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var calls = outcome.RootElement.GetProperty("calls");
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(calls[i].GetProperty("ok").GetBoolean(), calls[i].ToString()));
        var limited = calls[3];
        Assert.Equal((int)StatusCode.ResourceExhausted, limited.GetProperty("code").GetInt32());
        var details = limited.GetProperty("details").EnumerateArray().ToDictionary(d => d.GetProperty("type").GetString()!, d => d.GetProperty("detail"));
        Assert.Equal("owner_call_rate", details["mediagrpc.v1.LimitExceeded"].GetProperty("limit").GetString());
        Assert.True(details["google.rpc.RetryInfo"].GetProperty("retry_delay").GetProperty("seconds").GetInt64() > 500, limited.ToString());
    }
}
