using Google.Protobuf;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client.Internal;

/// <summary>
/// Downloads read their streams with pooled payloads (<see cref="MediaGrpc.Contracts.Pooling.PooledStreamReader{T}"/>): each
/// chunk is written out before the next read. The header is the one message kept for the
/// whole call, so its bytes are made its own.
/// </summary>
internal static class DownloadHeaders
{
    /// <summary>The header with its thumbnail copied out of any pooled buffer (the service caps it at 32 KiB).</summary>
    public static DownloadHeader Keep(DownloadHeader header)
    {
        if (header.Media is { Thumbnail.IsEmpty: false } media)
        {
            media.Thumbnail = ByteString.CopyFrom(media.Thumbnail.Span);
        }

        return header;
    }
}
