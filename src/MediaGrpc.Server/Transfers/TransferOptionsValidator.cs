using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Transfers;

/// <summary>Refuses to start with limits or timings that cannot work together.</summary>
internal sealed class TransferOptionsValidator : IValidateOptions<TransferOptions>
{
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

        if (options.Provider == TransferRegistryProvider.Redis)
        {
            try
            {
                options.Redis.Validate();
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Transfers:Redis: {ex.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
