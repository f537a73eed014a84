using Microsoft.Extensions.Hosting;

namespace MediaGrpc.Rpc.Internal;

/// <summary>Reports NOT_SERVING as soon as the host starts stopping, so health checkers drain this replica.</summary>
internal sealed class HealthShutdownNotifier(HealthStatusRegistry registry, IHostApplicationLifetime lifetime) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(registry.SetAllNotServing);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _registration.DisposeAsync().AsTask();
}
