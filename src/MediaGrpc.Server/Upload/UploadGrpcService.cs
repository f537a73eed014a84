using Grpc.Core;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Hosting;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Transfers;
using MediaGrpc.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Upload;

/// <summary>mediagrpc.v1.UploadService: resumable chunked uploads (see protos/mediagrpc/v1/upload.proto).</summary>
/// <remarks>Bound by <see cref="UploadServiceBinding"/>, which gives Upload its pooled marshaller.</remarks>
internal sealed partial class UploadGrpcService(
    UploadStarter starter,
    UploadCommitter committer,
    UploadWriterLocks locks,
    MediaCatalog catalog,
    IBlobStore store,
    IOptions<MediaOptions> options,
    TransferTracker transfers,
    UploadLimitsDescription limits,
    UploadMetrics metrics,
    TimeProvider timeProvider,
    ILogger<UploadGrpcService> logger) : UploadServiceHandlers
{
    // Bytes received before a stream failed are still staged, so a resume never has to
    // re-send them; bounded, so a hung store cannot hold the call forever.
    private static readonly TimeSpan s_salvageTimeout = TimeSpan.FromSeconds(30);

    private readonly MediaOptions _options = options.Value;


    /// <summary>
    /// The Upload stream. Each chunk is copied into the block writer's buffer before the
    /// next message is read, so chunks arrive in pooled buffers (<see cref="Pooled{T}"/>):
    /// no large-object allocation per chunk.
    /// </summary>
    public override async Task Upload(
        IAsyncStreamReader<Pooled<UploadRequest>> pooledRequests,
        IServerStreamWriter<UploadResponse> responses,
        ServerCallContext context)
    {
        using var requests = new PooledStreamReader<UploadRequest>(pooledRequests);
        var cancellationToken = context.CancellationToken;
        var caller = context.GetCaller();
        if (!await requests.MoveNext(cancellationToken))
        {
            throw MediaErrors.InvalidArgument("The upload stream ended before its start message.");
        }

        if (requests.Current.MessageCase != UploadRequest.MessageOneofCase.Start)
        {
            throw MediaErrors.InvalidArgument("The first message of an upload must be 'start'.");
        }

        var upload = await starter.StartAsync(requests.Current.Start, caller, cancellationToken);
        var uploadId = upload.Manifest.UploadId;
        using var lease = locks.TryAcquire(uploadId) ?? throw MediaErrors.ConcurrentWriter(uploadId);
        var spec = upload.Manifest.Spec;
        await using var transfer = await transfers.BeginUploadAsync(caller, RandomId.New(), uploadId, spec.HasDeclaredSize ? spec.DeclaredSize : 0, cancellationToken);
        transfer.AttachTo(context);
        cancellationToken = transfer.CancellationToken;
        using var writes = new ResponseWriteCancellation(context.CancellationToken, cancellationToken);
        transfer.Report(upload.PersistedOffset);
        UploadLog.Started(logger, uploadId, caller.Owner, upload.PersistedOffset);
        await responses.WriteAsync(Accepted(upload, transfer.Id), writes.Token);

        if (upload.CompletedMedia is { } done)
        {
            // A re-sent or resumed upload that already completed: same media, no new bytes.
            await responses.WriteAsync(new UploadResponse { Completed = new UploadCompleted { Media = done } }, writes.Token);
            transfer.Complete(done.MediaId);
            // The client may still send the rest of its conversation (a finish); it has nothing to add.
            await ClientHalfClose.DrainAsync(requests, timeProvider, cancellationToken);
            return;
        }

        // Acks go out as blocks become durable. The loop below writes to the response only
        // after a flush has awaited every stage, so an ack never overlaps another write.
        await using var writer = new BlockWriter(
            store,
            upload.ContentBlobName,
            upload.PersistedOffset,
            _options.BlockSize,
            hashFromStart: true,
            persisted =>
            {
                transfer.Report(persisted);
                return responses.WriteAsync(Ack(persisted), writes.Token);
            },
            metrics);
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                var request = requests.Current;
                switch (request.MessageCase)
                {
                    case UploadRequest.MessageOneofCase.Chunk:
                        await AcceptChunkAsync(upload, writer, request.Chunk, cancellationToken);
                        break;
                    case UploadRequest.MessageOneofCase.Finish:
                        var media = await committer.CommitAsync(upload, writer, request.Finish, cancellationToken);
                        UploadLog.Completed(logger, uploadId, media.MediaId, media.Size);
                        transfer.Report(media.Size);
                        transfer.Complete(media.MediaId);
                        await responses.WriteAsync(new UploadResponse { Completed = new UploadCompleted { Media = media } }, writes.Token);
                        if (await requests.MoveNext(cancellationToken))
                        {
                            throw MediaErrors.InvalidArgument("No message may follow 'finish'.");
                        }

                        return;
                    case UploadRequest.MessageOneofCase.Start:
                        throw MediaErrors.InvalidArgument("An upload stream takes exactly one 'start'.");
                    default:
                        throw MediaErrors.InvalidArgument("An upload message must set start, chunk or finish.");
                }
            }

            // Half-closed without finish: the upload is suspended; persist and report.
            if (!await writer.FlushAsync(cancellationToken))
            {
                await responses.WriteAsync(Ack(writer.PersistedOffset), writes.Token);
            }

            UploadLog.Suspended(logger, uploadId, writer.PersistedOffset);
            transfer.Stop();
        }
        catch when (transfer.WriterLeaseLost)
        {
            // Another stream writes this upload now; bytes this one still buffers are not its
            // to persist. ABORTED lets the client retry, and its resume then waits for the
            // other writer, whose persisted offset and completion it will see.
            throw MediaErrors.ConcurrentWriter(uploadId);
        }
        catch
        {
            await SalvageAsync(uploadId, writer);
            throw;
        }
    }

    private async Task AcceptChunkAsync(
        StartedUpload upload,
        BlockWriter writer,
        UploadChunk chunk,
        CancellationToken cancellationToken)
    {
        var length = chunk.Data.Length;
        if (length == 0)
        {
            throw MediaErrors.InvalidArgument($"The chunk at offset {chunk.Offset} carries no data.");
        }

        if (length > _options.MaxChunkSize)
        {
            throw MediaErrors.LimitExceeded("max_chunk_size", _options.MaxChunkSize, length);
        }

        if (chunk.Offset < 0)
        {
            throw MediaErrors.InvalidArgument($"Chunk offset {chunk.Offset} is negative.");
        }

        var received = writer.ReceivedOffset;
        if (chunk.Offset > received)
        {
            // Persist what did arrive first, so the offset the error reports is durable.
            await writer.FlushAsync(cancellationToken);
            throw MediaErrors.OffsetBeyondPersisted(chunk.Offset, writer.PersistedOffset);
        }

        if (chunk.HasCrc32C && Crc32C.Compute(chunk.Data.Span) is var actual && actual != chunk.Crc32C)
        {
            throw MediaErrors.ChunkCrc32CMismatch(chunk.Offset, chunk.Crc32C, actual);
        }

        // Resume rule: bytes below what was received are a re-send; skip them.
        var skip = received - chunk.Offset;
        if (skip >= length)
        {
            return;
        }

        if (upload.ContentCommitted)
        {
            // An interrupted finish already committed every byte; only a finish may follow.
            throw MediaErrors.BytesAlreadyCommitted(upload.Manifest.UploadId, received);
        }

        var data = chunk.Data.Memory[(int)skip..];
        var end = received + data.Length;
        if (end > _options.MaxMediaSize)
        {
            throw MediaErrors.LimitExceeded("max_media_size", _options.MaxMediaSize, end);
        }

        var spec = upload.Manifest.Spec;
        if (spec.HasDeclaredSize && end > spec.DeclaredSize)
        {
            throw MediaErrors.MoreThanDeclared(spec.DeclaredSize, end);
        }

        UploadLog.ChunkReceived(logger, upload.Manifest.UploadId, chunk.Offset, length);
        await writer.AppendAsync(data, cancellationToken);
    }

    private async Task SalvageAsync(string uploadId, BlockWriter writer)
    {
        using var timeout = new CancellationTokenSource(s_salvageTimeout);
        try
        {
            if (await writer.FlushAsync(timeout.Token))
            {
                UploadLog.Salvaged(logger, uploadId, writer.PersistedOffset);
            }
        }
        catch (Exception e) when (e is BlobStoreException or IOException or OperationCanceledException or HttpRequestException)
        {
            // The bytes were never acknowledged; the client resends them from the persisted offset.
            UploadLog.SalvageFailed(logger, uploadId, e);
        }
    }

    private UploadResponse Accepted(StartedUpload upload, string transferId) => new()
    {
        Accepted = new UploadAccepted
        {
            UploadId = upload.Manifest.UploadId,
            TransferId = transferId,
            PersistedOffset = upload.PersistedOffset,
            ExpireTime = upload.Manifest.ExpireTime,
            Limits = limits.Limits,
        },
    };

    private static UploadResponse Ack(long persistedOffset) => new() { Ack = new UploadAck { PersistedOffset = persistedOffset } };
}
