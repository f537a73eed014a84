using System.Diagnostics;

namespace MediaGrpc.Server.Telemetry;

/// <summary>
/// The service's own spans (ActivitySource <see cref="SourceName"/>): the store operations of
/// uploads and downloads and the upload commit, as children of the gRPC call's span. With no
/// listener (telemetry off) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and costs next to nothing.
/// </summary>
internal sealed class ServerTracing : IDisposable
{
    public const string SourceName = "MediaGrpc.Server";

    /// <summary>Span attribute names; IDs only, never owners' secrets.</summary>
    public const string UploadIdTag = "mediagrpc.upload_id";
    public const string MediaIdTag = "mediagrpc.media_id";
    public const string TransferIdTag = "mediagrpc.transfer_id";
    public const string BlobNameTag = "mediagrpc.blob.name";
    public const string OffsetTag = "mediagrpc.blob.offset";
    public const string BytesTag = "mediagrpc.blob.bytes";

    public ActivitySource Source { get; } = new(SourceName);

    /// <summary>Tags the current span (the gRPC call's, or one of ours) with an ID, when anyone listens.</summary>
    public static void TagCurrent(string tag, string value) => Activity.Current?.SetTag(tag, value);

    /// <summary>
    /// Marks <paramref name="span"/> failed; always false, so it serves as an exception filter
    /// (<c>catch (Exception e) when (ServerTracing.Failed(span, e))</c>) that records without catching.
    /// </summary>
    public static bool Failed(Activity? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        return false;
    }

    public void Dispose() => Source.Dispose();
}
