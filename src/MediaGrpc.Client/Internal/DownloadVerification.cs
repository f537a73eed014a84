using MediaGrpc.Contracts.V1;
using Grpc.Core;

namespace MediaGrpc.Client.Internal;

/// <summary>The check every completed download passes before it is published.</summary>
internal static class DownloadVerification
{
    public static void Verify(DownloadHeader header, long length, ReadOnlySpan<byte> sha256)
    {
        if (length != header.Media.Size)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, $"The download holds {length} bytes, but the media has {header.Media.Size}."));
        }

        if (!header.Sha256.IsEmpty && !header.Sha256.Span.SequenceEqual(sha256))
        {
            throw new RpcException(new Status(StatusCode.DataLoss, "The downloaded bytes do not match the media's SHA-256; they were discarded."));
        }
    }
}
