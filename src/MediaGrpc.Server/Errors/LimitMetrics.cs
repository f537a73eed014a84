using System.Diagnostics.Metrics;

namespace MediaGrpc.Server.Errors;

/// <summary>
/// Calls refused by a limit (meter <see cref="MeterName"/>), by limit name as clients read it in
/// LimitExceeded.limit: max_media_size, max_message_size, max_concurrent_transfers, owner_call_rate, …
/// </summary>
internal sealed class LimitMetrics
{
    public const string MeterName = "MediaGrpc.Server.Limits";
    public const string RejectionsName = "mediagrpc.limit.rejections";

    private readonly Counter<long> _rejections;

    public LimitMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _rejections = meter.CreateCounter<long>(RejectionsName, "{call}", "Calls refused with RESOURCE_EXHAUSTED, by limit.");
    }

    public void Rejected(string limit) => _rejections.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
