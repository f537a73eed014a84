using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Cli.Tests;

/// <summary>A call over the owner's rate limit exits 8 and says which limit, and when to retry.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly string _folder = TestFiles.NewFolder("ratelimit");

    public void Dispose() => TestFiles.Delete(_folder);

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Call_over_the_owners_rate_limit_exits_8_with_the_limit_and_the_retry_delay()
    {
        var port = FreePort.Next();
        await using var server = await ServerProcess.StartAsync(
            port,
            Directory.CreateDirectory(Path.Combine(_folder, "server")).FullName,
            ServerProcess.ArgumentsFor(new Dictionary<string, string?>
            {
                ["RateLimits:Enabled"] = "true",
                ["RateLimits:TokenLimit"] = "1",
                ["RateLimits:TokensPerPeriod"] = "1",
                ["RateLimits:ReplenishmentPeriod"] = "00:05:00",
            }));
        var cli = new CliRunner(Path.Combine(_folder, "state"));
        var address = $"http://127.0.0.1:{port}";

        var first = await cli.RunAsync("info", "AAAAAAAAAAAAAAAAAAAAAA", "--server", address);
        var limited = await cli.RunAsync("info", "AAAAAAAAAAAAAAAAAAAAAA", "--server", address);
        var limitedJson = await cli.RunAsync("info", "AAAAAAAAAAAAAAAAAAAAAA", "--server", address, "--json");

        Assert.True(first.ExitCode == 5, first.ToString());
        Assert.True(limited.ExitCode == 8, limited.ToString());
        Assert.Contains("RESOURCE_EXHAUSTED", limited.StandardError, StringComparison.Ordinal);
        Assert.Contains("limit owner_call_rate: maximum 1", limited.StandardError, StringComparison.Ordinal);
        var delay = System.Text.RegularExpressions.Regex.Match(limited.StandardError, @"retry after ([0-9.]+) s");
        Assert.True(delay.Success, limited.ToString());
        Assert.InRange(double.Parse(delay.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 250, 301);
        var details = limitedJson.Json.GetProperty("error").GetProperty("details").EnumerateArray().Select(d => d.GetProperty("@type").GetString()).ToList();
        Assert.Contains("type.googleapis.com/google.rpc.RetryInfo", details);
    }
}
