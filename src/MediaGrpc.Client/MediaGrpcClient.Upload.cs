using System.Buffers;
using Google.Protobuf;
using MediaGrpc.Client.Internal;
using MediaGrpc.Contracts.V1;
using Grpc.Core;

namespace MediaGrpc.Client;

/// <summary>Uploads over the bidirectional Upload stream.</summary>
public sealed partial class MediaGrpcClient
{

    /// <summary>
    /// Uploads <paramref name="content"/> as a new media. <paramref name="progress"/>
    /// reports the persisted offset: bytes the server guarantees durable. When the call
    /// fails with UNAVAILABLE, INTERNAL, DEADLINE_EXCEEDED or ABORTED and the stream is
    /// seekable, the upload resumes from the persisted offset, with backoff, up to
    /// <see cref="MediaGrpcClientOptions.MaxUploadAttempts"/> attempts. Without an
    /// <paramref name="idempotencyKey"/> one is made up, so a start whose answer was
    /// lost never creates a second media when retried.
    /// </summary>
    public Task<UploadResult> UploadAsync(
        Stream content,
        MediaSpec spec,
        string? idempotencyKey = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var start = new UploadStart { Media = spec, IdempotencyKey = idempotencyKey ?? "auto-" + Guid.NewGuid().ToString("N") };
        return UploadWithRetryAsync(content, start, progress, cancellationToken);
    }

    /// <summary>
    /// Uploads a file; the display name defaults to the file's name and the declared size
    /// to its length. Retries and resumes as <see cref="UploadAsync"/> does.
    /// </summary>
    public async Task<UploadResult> UploadFileAsync(
        string path,
        MediaSpec? spec = null,
        string? idempotencyKey = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var described = spec?.Clone() ?? new MediaSpec();
        if (described.DisplayName.Length == 0)
        {
            described.DisplayName = Path.GetFileName(path);
        }

        if (!described.HasDeclaredSize)
        {
            described.DeclaredSize = file.Length;
        }

        return await UploadAsync(file, described, idempotencyKey, progress, cancellationToken);
    }

    /// <summary>
    /// Continues an interrupted upload: the server says how many bytes it holds, and
    /// <paramref name="content"/> (which must be seekable and hold the whole media) is
    /// sent from there, with the same retries as <see cref="UploadAsync"/>.
    /// </summary>
    public Task<UploadResult> ResumeUploadAsync(
        string uploadId,
        Stream content,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        return UploadWithRetryAsync(content, new UploadStart { UploadId = uploadId }, progress, cancellationToken);
    }

    private async Task<UploadResult> UploadWithRetryAsync(Stream content, UploadStart start, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var delay = _options.RetryDelay;
        var accepted = false;
        void OnAccepted(string id)
        {
            accepted = true;
            start = new UploadStart { UploadId = id };
            _options.UploadAccepted?.Invoke(id);
        }

        for (var attempt = 1; ; attempt++)
        {
            accepted = false;
            try
            {
                return await RunUploadAsync(content, start, progress, OnAccepted, cancellationToken);
            }
            catch (RpcException e) when (attempt < _options.MaxUploadAttempts && !cancellationToken.IsCancellationRequested
                && (content.CanSeek || !accepted) // refused before acceptance: nothing was read from the content yet
                && ServerRetryAdvice.TryGetDelay(e, _options.MaxRetryDelay, out var advised))
            {
                // The owner's rate limit: the server says when a call will be let in.
                await Task.Delay(advised, cancellationToken);
            }
            catch (RpcException e) when (IsRetryable(e.StatusCode) && attempt < _options.MaxUploadAttempts && content.CanSeek
                && !cancellationToken.IsCancellationRequested)
            {
                // Resume rule: ask for the persisted offset again and send from there.
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    // ABORTED: right after a stream breaks, the server may still be closing it (persisting
    // what it received) and refuses a second writer until it is done.
    private static bool IsRetryable(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.Aborted;

    private async Task<UploadResult> RunUploadAsync(
        Stream content,
        UploadStart start,
        IProgress<long>? progress,
        Action<string> onAccepted,
        CancellationToken cancellationToken)
    {
        using var call = _upload.Upload(Call(cancellationToken));
        await OpeningMessage.WriteAsync(call.RequestStream, call.ResponseStream, new UploadRequest { Start = start }, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.Accepted is not { } accepted)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The server did not accept the upload."));
        }

        onAccepted(accepted.UploadId);
        progress?.Report(accepted.PersistedOffset);
        var responses = ReadUploadResponsesAsync(call.ResponseStream, progress, cancellationToken);
        var offset = accepted.PersistedOffset;
        if (content.CanSeek)
        {
            content.Seek(offset, SeekOrigin.Begin);
        }
        else if (offset > 0)
        {
            throw new InvalidOperationException($"The server holds {offset} bytes of this upload, but the content stream cannot seek there.");
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

                // Wrapped, not copied: the write serializes the message before it completes,
                // and the buffer is refilled only after that.
                var chunk = new UploadChunk { Offset = offset, Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)) };
                await call.RequestStream.WriteAsync(new UploadRequest { Chunk = chunk }, cancellationToken);
                offset += read;
            }

            if (!responses.IsCompleted)
            {
                await call.RequestStream.WriteAsync(new UploadRequest { Finish = new UploadFinish() }, cancellationToken);
                await call.RequestStream.CompleteAsync();
            }
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            // A write fails once the server ended the call, possibly before its status was
            // read: the response side (awaited below) says why, e.g. ABORTED for a second
            // writer, which is retried, rather than the write's own transport error.
            // Grpc.Net.Client lets a reset stream or a dropped connection through as the
            // HttpClient's IOException (HttpProtocolException, HttpIOException).
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

        throw new RpcException(new Status(StatusCode.Internal, "The upload ended without a completed message."));
    }
}
