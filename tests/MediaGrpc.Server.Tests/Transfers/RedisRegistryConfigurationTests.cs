using Microsoft.Extensions.Options;
using Xunit;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// Redis settings the server would not read stop it at start, naming the setting and never
/// a secret: the former client's <c>Transfers:Redis:Endpoint</c> and companions, a malformed
/// configuration string, a key prefix whose braces would split an owner's hash slot.
/// </summary>
public sealed class RedisRegistryConfigurationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-redis-config-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Settings_of_the_removed_redis_client_are_refused_and_named_without_their_values()
    {
        var configuration = Redis();
        configuration["Transfers:Redis:Endpoint"] = "127.0.0.1:6379";
        configuration["Transfers:Redis:Password"] = "s3cret-value";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MediaServerHost.StartAsync(configuration));

        Assert.Contains("Transfers:Redis:Endpoint is no longer read", error.Message, StringComparison.Ordinal);
        Assert.Contains("Transfers:Redis:Password is no longer read", error.Message, StringComparison.Ordinal);
        Assert.Contains("Transfers:Redis:Configuration", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Configuration_with_an_unknown_option_is_refused()
    {
        var configuration = Redis();
        configuration["Transfers:Redis:Configuration"] = "127.0.0.1:6379,sentinelName=oops";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MediaServerHost.StartAsync(configuration));

        Assert.Contains("Transfers:Redis:Configuration is not a StackExchange.Redis configuration string", error.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("media{grpc:")]
    [InlineData("media{}grpc:")]
    [InlineData("media}grpc:")]
    public async Task Key_prefix_whose_braces_are_not_one_hash_tag_is_refused(string prefix)
    {
        var configuration = Redis();
        configuration["Transfers:KeyPrefix"] = prefix;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => MediaServerHost.StartAsync(configuration));

        Assert.Contains("Transfers:KeyPrefix", error.Message, StringComparison.Ordinal);
    }

    // Nothing listens on port 1: the server must refuse before it would need Redis.
    private Dictionary<string, string?> Redis()
    {
        var configuration = MediaServerHost.LocalDisk(_root);
        configuration["Transfers:Provider"] = "Redis";
        configuration["Transfers:Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200";
        return configuration;
    }
}
