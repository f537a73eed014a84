using System.Diagnostics.Metrics;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// What uploads move on this replica (meter <see cref="MeterName"/>): bytes received into block
/// buffers, bytes made durable in the store, and the bytes in between, which is the persisted
/// offset's lag summed over running uploads: what a crash of this replica would make clients
/// send again.
/// </summary>
internal sealed class UploadMetrics
{
    public const string MeterName = "MediaGrpc.Server.Upload";
    public const string ReceivedBytesName = "mediagrpc.upload.received_bytes";
    public const string PersistedBytesName = "mediagrpc.upload.persisted_bytes";
    public const string UnpersistedBytesName = "mediagrpc.upload.unpersisted_bytes";

    private readonly Counter<long> _received;
    private readonly Counter<long> _persisted;
    private readonly UpDownCounter<long> _unpersisted;

    public UploadMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>(ReceivedBytesName, "By", "Media bytes received by uploads.");
        _persisted = meter.CreateCounter<long>(PersistedBytesName, "By", "Media bytes made durable in the store (acknowledged as the persisted offset).");
        _unpersisted = meter.CreateUpDownCounter<long>(UnpersistedBytesName, "By", "Bytes received but not yet durable, over all running uploads (persisted-offset lag).");
    }

    public void Received(int bytes)
    {
        _received.Add(bytes);
        _unpersisted.Add(bytes);
    }

    public void Persisted(int bytes)
    {
        _persisted.Add(bytes);
        _unpersisted.Add(-bytes);
    }

    /// <summary>Bytes that were received but will never be staged (the stream ended without them).</summary>
    public void Dropped(long bytes) => _unpersisted.Add(-bytes);
}
