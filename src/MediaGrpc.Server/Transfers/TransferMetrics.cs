using System.Diagnostics.Metrics;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// Transfers on this replica (meter <see cref="MeterName"/>): running ones by kind, ended
/// ones by kind and outcome.
/// </summary>
internal sealed class TransferMetrics
{
    public const string MeterName = "MediaGrpc.Server.Transfers";
    public const string ActiveName = "mediagrpc.transfer.active";
    public const string EndedName = "mediagrpc.transfer.ended";

    private static readonly KeyValuePair<string, object?> s_upload = new("kind", "upload");
    private static readonly KeyValuePair<string, object?> s_download = new("kind", "download");

    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _ended;

    public TransferMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _active = meter.CreateUpDownCounter<long>(ActiveName, "{transfer}", "Transfers running on this replica.");
        _ended = meter.CreateCounter<long>(EndedName, "{transfer}", "Transfers ended on this replica, by outcome.");
    }

    public void Began(TransferKind kind) => _active.Add(1, Kind(kind));

    public void Ended(TransferKind kind, TransferState outcome)
    {
        _active.Add(-1, Kind(kind));
        _ended.Add(1, Kind(kind), new KeyValuePair<string, object?>("outcome", Outcome(outcome)));
    }

    private static KeyValuePair<string, object?> Kind(TransferKind kind) => kind == TransferKind.Upload ? s_upload : s_download;

    private static string Outcome(TransferState state) => state switch
    {
        TransferState.Completed => "completed",
        TransferState.Cancelled => "cancelled",
        _ => "failed",
    };
}
