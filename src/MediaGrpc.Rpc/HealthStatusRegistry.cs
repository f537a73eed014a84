using System.Collections.Concurrent;

namespace MediaGrpc.Rpc;

/// <summary>
/// The serving state that grpc.health.v1 reports. The server as a whole is named "";
/// each hosted service by its full name. Every hosted service starts SERVING, and the
/// host turns everything to NOT_SERVING when it begins to shut down, so load balancers
/// drain it first.
/// </summary>
public sealed class HealthStatusRegistry
{
    private readonly ConcurrentDictionary<string, bool> _serving = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sets whether a service (or "" for the server) is serving.</summary>
    public void SetServing(string service, bool serving)
    {
        ArgumentNullException.ThrowIfNull(service);
        _serving[service] = serving;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Turns every known service, and the server, to NOT_SERVING.</summary>
    public void SetAllNotServing()
    {
        foreach (var service in _serving.Keys)
        {
            _serving[service] = false;
        }

        SetServing(string.Empty, false);
    }

    /// <summary>The state of a service: true serving, false not serving, null unknown.</summary>
    public bool? GetServing(string service) => _serving.TryGetValue(service, out var serving) ? serving : null;

    /// <summary>Every known service and its state.</summary>
    public IReadOnlyDictionary<string, bool> Snapshot() => new Dictionary<string, bool>(_serving, StringComparer.Ordinal);

    /// <summary>Completes at the next change of any state.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken) => _changed.Task.WaitAsync(cancellationToken);
}
