using System.Threading.RateLimiting;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Per-owner call rate limits with ASP.NET Core's rate-limiting middleware: one token
/// bucket per owner (the partition key is the owner claim the authentication pipeline set,
/// so the middleware runs after it). The middleware answers a refused call itself, outside
/// gRPC, so <see cref="RejectAsync"/> writes the gRPC status: RESOURCE_EXHAUSTED with
/// google.rpc.RetryInfo and <c>LimitExceeded{limit: "owner_call_rate"}</c>.
/// </summary>
internal static class OwnerRateLimiting
{
    public const string PolicyName = "mediagrpc-owner-calls";
    public const string LimitName = "owner_call_rate";

    /// <summary>
    /// Added to the limiter's own retry-after: a partitioned limiter puts tokens back on a
    /// 100 ms timer, so the refill may come up to that long after the period the limiter
    /// reports, and a client that waited exactly that long was refused again.
    /// </summary>
    private static readonly TimeSpan s_replenishmentSlack = TimeSpan.FromMilliseconds(100);

    public static IServiceCollection AddOwnerRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<OwnerRateLimitOptions>().BindConfiguration(OwnerRateLimitOptions.SectionName)
            .Validate(o => o.TokenLimit > 0, "RateLimits:TokenLimit must be positive.")
            .Validate(o => o.TokensPerPeriod > 0, "RateLimits:TokensPerPeriod must be positive.")
            .Validate(o => o.ReplenishmentPeriod > TimeSpan.Zero, "RateLimits:ReplenishmentPeriod must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<OwnerRateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(OwnerOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.TokenLimit,
                    TokensPerPeriod = options.TokensPerPeriod,
                    ReplenishmentPeriod = options.ReplenishmentPeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Whether the limit is on: only then do the services get the policy and the pipeline the middleware.</summary>
    public static bool IsEnabled(IServiceProvider services) => services.GetRequiredService<IOptions<OwnerRateLimitOptions>>().Value.Enabled;

    private static string OwnerOf(HttpContext context) => context.User.FindFirst(OwnerClaim.Type)?.Value ?? string.Empty;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var options = context.RequestServices.GetRequiredService<IOptions<OwnerRateLimitOptions>>().Value;
        var retryAfter = (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : options.ReplenishmentPeriod) + s_replenishmentSlack;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OwnerRateLimiting));
        RateLimitLog.Limited(logger, context.Request.Path.Value ?? string.Empty, OwnerOf(context), retryAfter);
        context.RequestServices.GetRequiredService<LimitMetrics>().Rejected(LimitName);
        await GrpcTrailersOnlyResponse.WriteAsync(
            context,
            MediaErrors.CallRateExceeded(LimitName, options.TokensPerPeriod, options.ReplenishmentPeriod, options.TokenLimit, retryAfter));
    }
}
