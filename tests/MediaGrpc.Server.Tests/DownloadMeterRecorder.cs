using System.Diagnostics.Metrics;
using MediaGrpc.Server.Download;
using Microsoft.Extensions.DependencyInjection;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// Listens to one server's download instruments (only that host's meter, by its
/// IMeterFactory scope) and keeps, per instrument, the running total and its high-water
/// mark since the last <see cref="ResetPeaks"/>.
/// </summary>
internal sealed class DownloadMeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _totals = [];
    private readonly Dictionary<string, long> _peaks = [];

    public DownloadMeterRecorder(MediaServerHost host)
    {
        var scope = host.Services.GetRequiredService<IMeterFactory>();

        // The instruments exist once the service is built; create them now so none is missed.
        host.Services.GetRequiredService<DownloadMetrics>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DownloadMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (_lock)
            {
                var total = _totals.GetValueOrDefault(instrument.Name) + value;
                _totals[instrument.Name] = total;
                _peaks[instrument.Name] = Math.Max(total, _peaks.GetValueOrDefault(instrument.Name));
            }
        });
        _listener.Start();
    }

    public long ActiveStreams => Total(DownloadMetrics.ActiveStreamsName);

    public long BufferedBytes => Total(DownloadMetrics.BufferedBytesName);

    public long SentBytes => Total(DownloadMetrics.SentBytesName);

    public long PeakBufferedBytes
    {
        get
        {
            lock (_lock)
            {
                return _peaks.GetValueOrDefault(DownloadMetrics.BufferedBytesName);
            }
        }
    }

    public void ResetPeaks()
    {
        lock (_lock)
        {
            _peaks.Clear();
        }
    }

    /// <summary>Waits (up to <paramref name="within"/>) until no download stream runs and no buffer is held.</summary>
    public async Task<bool> WaitForIdleAsync(TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (ActiveStreams != 0 || BufferedBytes != 0)
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public void Dispose() => _listener.Dispose();

    private long Total(string name)
    {
        lock (_lock)
        {
            return _totals.GetValueOrDefault(name);
        }
    }
}
