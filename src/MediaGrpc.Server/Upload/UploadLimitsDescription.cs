using Google.Protobuf.WellKnownTypes;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Transfers;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// What this server accepts, as the contract tells clients: in UploadAccepted and, before
/// any upload, through GetUploadLimits. Built once from validated options; the messages are
/// shared and must not be changed by callers.
/// </summary>
internal sealed class UploadLimitsDescription
{
    public UploadLimitsDescription(IOptions<MediaOptions> media, IOptions<TransferOptions> transfers)
    {
        var options = media.Value;
        Limits = new UploadLimits
        {
            MaxMediaSize = options.MaxMediaSize,
            MaxChunkSize = options.MaxChunkSize,
            MaxMetadataSize = options.MaxMetadataSize,
            PreferredChunkSize = Math.Min(options.BlockSize, options.MaxChunkSize),
        };
        Response = new GetUploadLimitsResponse
        {
            Limits = Limits,
            MaxConcurrentTransfersPerCaller = transfers.Value.MaxConcurrentPerOwner,
            UploadExpiry = Duration.FromTimeSpan(options.UploadExpiry),
        };
        foreach (var ttl in options.TtlClasses)
        {
            Limits.TtlClasses.Add(ttl.Name);
            Response.TtlClasses.Add(new TtlClassInfo { Name = ttl.Name, Ttl = Duration.FromTimeSpan(TimeSpan.FromDays(ttl.Days)) });
        }
    }

    /// <summary>The limits every upload is held to.</summary>
    public UploadLimits Limits { get; }

    /// <summary>The answer of GetUploadLimits.</summary>
    public GetUploadLimitsResponse Response { get; }
}
