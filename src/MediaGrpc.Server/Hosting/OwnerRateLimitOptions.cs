namespace MediaGrpc.Server.Hosting;

/// <summary>
/// A token bucket of calls per owner (ASP.NET Core rate limiting), bound from <c>RateLimits</c>,
/// on top of the concurrent-transfer limit (<c>Transfers:MaxConcurrentPerOwner</c>). Every call
/// to a mediagrpc service takes one token, a stream once at its start; health and reflection
/// take none. A call that finds the bucket empty gets RESOURCE_EXHAUSTED with a RetryInfo delay.
/// Off by default.
/// </summary>
public sealed class OwnerRateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Whether calls are limited per owner. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Bucket size: the burst of calls an owner can make at once. Default 200.</summary>
    public int TokenLimit { get; set; } = 200;

    /// <summary>Tokens put back each <see cref="ReplenishmentPeriod"/>. Default 100.</summary>
    public int TokensPerPeriod { get; set; } = 100;

    /// <summary>How often tokens are put back. Default 1 second: 100 calls a second sustained, bursts of 200.</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
