using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Unhealthy from the moment the host starts stopping, so grpc.health.v1 answers
/// NOT_SERVING (and ends Watch calls with it) and load balancers drain this replica
/// while its running transfers finish.
/// </summary>
internal sealed class DrainingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The server is shutting down.")
            : HealthCheckResult.Healthy());
}
