using System.Security.Cryptography;
using Grpc.Core;
using MediaGrpc.Client.Internal;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client;

/// <summary>Downloads over the bidirectional Download stream.</summary>
public sealed partial class MediaGrpcClient
{
    /// <summary>
    /// Writes a media (or the part from <paramref name="readOffset"/>) to
    /// <paramref name="destination"/>. <paramref name="onHeader"/> sees the header before
    /// any byte arrives; <paramref name="progress"/> reports bytes written. A whole media (from
    /// offset 0) is checked against the SHA-256 in its header once the last byte is written:
    /// DATA_LOSS if they differ, and the destination, which holds them, should be discarded.
    /// </summary>
    /// <remarks>
    /// A call the owner's rate limit refuses (RESOURCE_EXHAUSTED with RetryInfo) is made again
    /// after the advised wait, when that is at most <see cref="MediaGrpcClientOptions.MaxRetryDelay"/>,
    /// up to <see cref="MediaGrpcClientOptions.MaxUploadAttempts"/> calls: nothing has been written
    /// then. Any other failure reaches the caller, who may resume with <paramref name="readOffset"/>.
    /// </remarks>
    public async Task<DownloadResult> DownloadAsync(
        string mediaId,
        Stream destination,
        long readOffset = 0,
        Action<DownloadHeader>? onHeader = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var headerSeen = false;
        return await WaitingOutRateLimitAsync(
            options =>
            {
                headerSeen = false;
                return DownloadOnceAsync(
                    mediaId,
                    destination,
                    readOffset,
                    header =>
                    {
                        headerSeen = true;
                        onHeader?.Invoke(header);
                    },
                    progress,
                    options,
                    cancellationToken);
            },
            cancellationToken,
            // Refused before the header, so before anything was written.
            nothingDone: () => !headerSeen);
    }

    private async Task<DownloadResult> DownloadOnceAsync(
        string mediaId,
        Stream destination,
        long readOffset,
        Action<DownloadHeader> onHeader,
        IProgress<long>? progress,
        CallOptions options,
        CancellationToken cancellationToken)
    {
        // Each chunk is written to the destination before the next read: no allocation per chunk.
        using var call = _invoker.AsyncDuplexStreamingCall(ChunkMethods.DownloadPooledResponses, null, options);
        using var responses = new PooledStreamReader<DownloadResponse>(call.ResponseStream);
        var open = new DownloadOpen { MediaId = mediaId, ReadOffset = readOffset, ChunkSize = MediaDownloadOptions.DefaultChunkSize };
        await OpeningMessage.WriteAsync(call.RequestStream, responses, new DownloadRequest { Open = open }, cancellationToken);

        DownloadHeader? header = null;
        long written = 0;
        // As the downloader checks its files: only a whole media has a SHA-256 to compare with.
        using var sha256 = readOffset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        while (await responses.MoveNext(cancellationToken))
        {
            var response = responses.Current;
            switch (response.MessageCase)
            {
                case DownloadResponse.MessageOneofCase.Header:
                    header = DownloadHeaders.Keep(response.Header);
                    onHeader(header);
                    break;
                case DownloadResponse.MessageOneofCase.Chunk when header is not null:
                    var chunk = response.Chunk;
                    if (chunk.Offset != header.Offset + written)
                    {
                        throw new RpcException(new Status(StatusCode.Internal, $"Chunk at {chunk.Offset} arrived where {header.Offset + written} was expected."));
                    }

                    await destination.WriteAsync(chunk.Data.Memory, cancellationToken);
                    sha256?.AppendData(chunk.Data.Span);
                    written += chunk.Data.Length;
                    progress?.Report(written);
                    break;
                case DownloadResponse.MessageOneofCase.Completed when header is not null:
                    await call.RequestStream.CompleteAsync();
                    if (sha256 is not null)
                    {
                        DownloadVerification.Verify(header, written, sha256.GetHashAndReset(), discarded: false);
                    }

                    return new DownloadResult(header, written);
            }
        }

        throw new RpcException(new Status(StatusCode.Internal, "The download ended without a completed message."));
    }
}
