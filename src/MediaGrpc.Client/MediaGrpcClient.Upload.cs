using System.Buffers;
using Google.Protobuf;
using MediaGrpc.Client.Internal;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;

namespace MediaGrpc.Client;

/// <summary>Uploads over the bidirectional Upload stream.</summary>
public sealed partial class MediaGrpcClient
{
    private const int MaxResumeAttempts = 8;
    private static readonly TimeSpan s_maxResumeDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Uploads <paramref name="content"/> as a new media. <paramref name="progress"/>
    /// reports the persisted offset: bytes the server guarantees durable.
    /// </summary>
    public Task<UploadResult> UploadAsync(
        Stream content,
        MediaSpec spec,
        string? idempotencyKey = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var start = new UploadStart { Media = spec, IdempotencyKey = idempotencyKey ?? string.Empty };
        return RunUploadAsync(content, start, progress, cancellationToken);
    }

    /// <summary>
    /// Continues an interrupted upload: the server says how many bytes it holds, and
    /// <paramref name="content"/> (which must be seekable and hold the whole media) is
    /// sent from there.
    /// </summary>
    public Task<UploadResult> ResumeUploadAsync(
        string uploadId,
        Stream content,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        return ResumeWithRetryAsync(content, new UploadStart { UploadId = uploadId }, progress, cancellationToken);
    }

    private async Task<UploadResult> ResumeWithRetryAsync(Stream content, UploadStart start, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Right after a stream breaks, the server may still be closing it (persisting the
        // bytes it received) and answers ABORTED: one writer per upload. That clears quickly.
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunUploadAsync(content, start, progress, cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Aborted && attempt < MaxResumeAttempts)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxResumeDelay.Ticks));
            }
        }
    }

    private async Task<UploadResult> RunUploadAsync(Stream content, UploadStart start, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var call = _channel.DuplexStreaming(MediaMethods.Upload, Call(cancellationToken));
        await call.RequestStream.WriteAsync(new UploadRequest { Start = start }, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.Accepted is not { } accepted)
        {
            throw new RpcException(StatusCode.Internal, "The server did not accept the upload.");
        }

        progress?.Report(accepted.PersistedOffset);
        var responses = ReadUploadResponsesAsync(call.ResponseStream, progress, cancellationToken);
        var offset = accepted.PersistedOffset;
        if (offset > 0 || start.UploadId.Length > 0)
        {
            content.Seek(offset, SeekOrigin.Begin);
        }

        var chunkSize = Math.Min(_options.UploadChunkSize, accepted.Limits?.MaxChunkSize is > 0 and var max ? max : int.MaxValue);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            while (!responses.IsCompleted)
            {
                var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var chunk = new UploadChunk { Offset = offset, Data = ByteString.CopyFrom(buffer, 0, read) };
                await call.RequestStream.WriteAsync(new UploadRequest { Chunk = chunk }, cancellationToken);
                offset += read;
            }

            if (!responses.IsCompleted)
            {
                await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, cancellationToken);
                await call.RequestStream.CompleteAsync(cancellationToken);
            }
        }
        catch (RpcException) when (responses.IsCompleted)
        {
            // The server already ended the call; its status (from the response side) says why.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var media = await responses;
        return new UploadResult(accepted.UploadId, media);
    }

    private static async Task<MediaRecord> ReadUploadResponsesAsync(
        IAsyncStreamReader<UploadResponse> responses,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        while (await responses.MoveNext(cancellationToken))
        {
            var response = responses.Current;
            switch (response.MessageCase)
            {
                case UploadResponse.MessageOneofCase.Ack:
                    progress?.Report(response.Ack.PersistedOffset);
                    break;
                case UploadResponse.MessageOneofCase.Completed:
                    progress?.Report(response.Completed.Media.Size);
                    return response.Completed.Media;
            }
        }

        throw new RpcException(StatusCode.Internal, "The upload ended without a completed message.");
    }
}
