using System.Diagnostics.Metrics;

namespace MediaGrpc.Server.Download;

/// <summary>
/// What downloads hold on this replica, as System.Diagnostics.Metrics instruments of the
/// meter <see cref="MeterName"/>: streams running, bytes sitting in read-ahead buffers,
/// bytes sent. Buffered bytes count the pooled buffers a stream holds (filled or being
/// filled), so a paused stream or a stalled client shows exactly what it costs.
/// </summary>
internal sealed class DownloadMetrics
{
    public const string MeterName = "MediaGrpc.Server.Download";
    public const string ActiveStreamsName = "mediagrpc.download.active_streams";
    public const string BufferedBytesName = "mediagrpc.download.buffered_bytes";
    public const string SentBytesName = "mediagrpc.download.sent_bytes";

    private readonly UpDownCounter<long> _activeStreams;
    private readonly UpDownCounter<long> _bufferedBytes;
    private readonly Counter<long> _sentBytes;

    public DownloadMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _activeStreams = meter.CreateUpDownCounter<long>(ActiveStreamsName, "{stream}", "Download and Read streams running.");
        _bufferedBytes = meter.CreateUpDownCounter<long>(BufferedBytesName, "By", "Bytes held in download read-ahead buffers.");
        _sentBytes = meter.CreateCounter<long>(SentBytesName, "By", "Media bytes sent by downloads.");
    }

    public void StreamStarted() => _activeStreams.Add(1);

    public void StreamEnded() => _activeStreams.Add(-1);

    public void BufferRented(int bytes) => _bufferedBytes.Add(bytes);

    public void BufferReturned(int bytes) => _bufferedBytes.Add(-bytes);

    public void Sent(int bytes) => _sentBytes.Add(bytes);
}
