using MediaGrpc.Server.Transfers.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MediaGrpc.Server.Transfers;

/// <summary>Refuses to start with limits or timings that cannot work together, or Redis settings it would not read.</summary>
internal sealed class TransferOptionsValidator(IConfiguration configuration) : IValidateOptions<TransferOptions>
{
    // What Transfers:Redis holds; anything else there is a setting of the hand-written client
    // that StackExchange.Redis replaced (Endpoint, Password, UseTls, ...). Ignoring it would
    // quietly drop a password or TLS, so it stops the start instead.
    private static readonly string[] s_redisSettings = [nameof(RedisRegistryOptions.Configuration), nameof(RedisRegistryOptions.PubSub)];

    public ValidateOptionsResult Validate(string? name, TransferOptions options)
    {
        var failures = new List<string>();
        if (options.MaxConcurrentPerOwner < 1)
        {
            failures.Add("Transfers:MaxConcurrentPerOwner must be at least 1.");
        }

        if (options.HeartbeatTtl <= TimeSpan.Zero || options.HeartbeatInterval <= TimeSpan.Zero || options.HeartbeatInterval >= options.HeartbeatTtl)
        {
            failures.Add("Transfers:HeartbeatInterval must be positive and below Transfers:HeartbeatTtl.");
        }

        foreach (var (setting, value) in new[]
        {
            ("ProgressInterval", options.ProgressInterval),
            ("EndedRetention", options.EndedRetention),
            ("ControlTimeout", options.ControlTimeout),
            ("RegistryTimeout", options.RegistryTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Transfers:{setting} must be positive.");
            }
        }

        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            failures.Add("Transfers:KeyPrefix must not be empty.");
        }

        if (!RedisTransferKeys.IsUsablePrefix(options.KeyPrefix))
        {
            failures.Add("Transfers:KeyPrefix may hold braces only as one complete hash tag such as '{mediagrpc}:'.");
        }

        if (options.Provider == TransferRegistryProvider.Redis)
        {
            ValidateRedis(options.Redis, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateRedis(RedisRegistryOptions redis, List<string> failures)
    {
        foreach (var setting in configuration.GetSection(RedisRegistryOptions.SectionName).GetChildren())
        {
            if (!s_redisSettings.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add(
                    $"{RedisRegistryOptions.SectionName}:{setting.Key} is no longer read; give it in {RedisRegistryOptions.SectionName}:Configuration, " +
                    "a StackExchange.Redis configuration string such as 'host:6379,password=...,ssl=true' (README, Configuration).");
            }
        }

        try
        {
            if (ConfigurationOptions.Parse(redis.Configuration).EndPoints.Count == 0)
            {
                failures.Add($"{RedisRegistryOptions.SectionName}:Configuration names no endpoint.");
            }
        }
        catch (ArgumentException ex)
        {
            // It names the offending option; only typed options (numbers, booleans) echo their value, and no secret is one.
            failures.Add($"{RedisRegistryOptions.SectionName}:Configuration is not a StackExchange.Redis configuration string: {ex.Message}");
        }
    }
}
