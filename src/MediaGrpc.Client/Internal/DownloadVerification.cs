using MediaGrpc.Contracts.V1;
using Grpc.Core;

namespace MediaGrpc.Client.Internal;

/// <summary>The check every completed download of a whole media passes before it is published.</summary>
internal static class DownloadVerification
{
    /// <param name="header">The download's header: the media's size and SHA-256.</param>
    /// <param name="length">Bytes received.</param>
    /// <param name="sha256">Their SHA-256.</param>
    /// <param name="discarded">Whether the caller throws the bytes away on failure (a file or memory download) or they stay where they were written (a stream).</param>
    public static void Verify(DownloadHeader header, long length, ReadOnlySpan<byte> sha256, bool discarded = true)
    {
        if (length != header.Media.Size)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, $"The download holds {length} bytes, but the media has {header.Media.Size}."));
        }

        if (!header.Sha256.IsEmpty && !header.Sha256.Span.SequenceEqual(sha256))
        {
            throw new RpcException(new Status(
                StatusCode.DataLoss,
                discarded
                    ? "The downloaded bytes do not match the media's SHA-256; they were discarded."
                    : "The downloaded bytes do not match the media's SHA-256; discard what was written."));
        }
    }
}
