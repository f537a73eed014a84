using Google.Protobuf;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Hosting;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;
using MediaGrpc.Server.Stored;
using MediaGrpc.Server.Telemetry;
using MediaGrpc.Server.Transfers;
using MediaGrpc.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Download;

/// <summary>mediagrpc.v1.DownloadService: headers-first ranged downloads (see protos/mediagrpc/v1/download.proto).</summary>
internal sealed class DownloadGrpcService(
    MediaReader reader,
    MediaCatalog catalog,
    IBlobStore store,
    DownloadMetrics metrics,
    IOptions<MediaOptions> options,
    TimeProvider timeProvider,
    TransferTracker transfers,
    ServerTracing tracing,
    ILogger<DownloadGrpcService> logger) : DownloadServiceHandlers
{
    private readonly MediaOptions _options = options.Value;


    /// <summary>Response header of a Read call naming its transfer, for TransferService.</summary>
    public const string TransferIdHeader = "mediagrpc-transfer-id";


    public override async Task Download(
        IAsyncStreamReader<DownloadRequest> requests,
        IServerStreamWriter<DownloadResponse> responses,
        ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!await requests.MoveNext(cancellationToken))
        {
            throw MediaErrors.InvalidArgument("The download stream ended before its open message.");
        }

        if (requests.Current.MessageCase != DownloadRequest.MessageOneofCase.Open)
        {
            throw MediaErrors.InvalidArgument("The first message of a download must be 'open'.");
        }

        var open = requests.Current.Open;

        // From here the client has nothing to send but pause and resume: its silence is not idleness.
        ExpectedClientSilence.From(context);
        var precondition = open.IfMatchEtag.Length > 0;
        var media = await FindAsync(open.MediaId, precondition, context, cancellationToken);
        if (precondition && open.IfMatchEtag != media.Media.Etag)
        {
            throw MediaErrors.EtagChanged(open.MediaId);
        }

        var range = ReadRange.Resolve(media, open.ReadOffset, open.ReadLimit);
        var transferId = RandomId.New();
        await using var transfer = await transfers.BeginDownloadAsync(context.GetCaller(), transferId, media.Media.MediaId, range.Length, pausable: true, cancellationToken);
        transfer.AttachTo(context);

        // Pausable before the header names the transfer: a PauseTransfer sent as soon as the
        // client reads the header must find the gate, or the transfer would ignore it.
        var gate = new DownloadPauseGate(timeProvider, _options.MaxPauseDuration);
        transfer.AttachPauseControl(gate.Pause, gate.Resume);
        cancellationToken = transfer.CancellationToken;
        using var writes = new ResponseWriteCancellation(context.CancellationToken, cancellationToken);
        using var output = new StallLimitedWriter<DownloadResponse>(responses, _options.DownloadStallTimeout, writes.Token);
        metrics.StreamStarted();
        try
        {
            await using var sender = new ChunkSender(store, ContentBlobName(media), BoundEtag(media), range, Window(ChunkSize(open.ChunkSize)), metrics);
            await OpenAsync(media, precondition, sender, transferId, cancellationToken);
            await output.WriteAsync(Header(media, range, transferId));
            DownloadLog.Started(logger, transferId, media.Media.MediaId, range.Offset, range.Length);

            using var controlStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var control = ReadControlAsync(requests, gate, transfer, controlStop.Token);
            try
            {
                await StoreReadAsync(
                    media,
                    precondition,
                    () => sender.SendAsync(
                        (offset, data) =>
                        {
                            gate.ThrowIfFaulted();
                            transfer.Report(offset + data.Length - range.Offset);
                            return output.WriteAsync(new DownloadResponse { Chunk = new DownloadChunk { Offset = offset, Data = data } });
                        },
                        () => gate.IsPaused,
                        async next =>
                        {
                            await output.WriteAsync(new DownloadResponse { Paused = new DownloadPaused { NextOffset = next } });
                            DownloadLog.Paused(logger, transferId, next);
                            await gate.WaitForResumeAsync(cancellationToken);
                            await output.WriteAsync(new DownloadResponse { Resumed = new DownloadResumed { NextOffset = next } });
                            DownloadLog.Resumed(logger, transferId, next);
                        },
                        cancellationToken),
                    cancellationToken);
                gate.ThrowIfFaulted();
                await output.WriteAsync(new DownloadResponse { Completed = new DownloadCompleted { BytesSent = sender.BytesSent } });
                DownloadLog.Completed(logger, transferId, sender.BytesSent);
                transfer.Complete();
                await ClientHalfClose.WaitForAsync(control, timeProvider, cancellationToken);
            }
            finally
            {
                // The control reader must not outlive the call: stop it and wait for it.
                await controlStop.CancelAsync();
                await control;
            }
        }
        finally
        {
            metrics.StreamEnded();
            if (output.Stalled)
            {
                DownloadLog.Stalled(logger, transferId, _options.DownloadStallTimeout);
            }
        }
    }

    /// <remarks>
    /// A transfer like any download: it counts against the owner's limit, shows in
    /// ListTransfers and can be cancelled by its ID, which goes out in the response headers
    /// (<see cref="TransferIdHeader"/>); Read has no header message and cannot pause.
    /// </remarks>
    public override async Task Read(ReadRequest request, IServerStreamWriter<ReadResponse> responses, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var caller = context.GetCaller();
        var media = await reader.FindReadableAsync(request.MediaId, caller, cancellationToken);
        var range = ReadRange.Resolve(media, request.ReadOffset, request.ReadLimit);
        var transferId = RandomId.New();
        await using var transfer = await transfers.BeginDownloadAsync(caller, transferId, media.Media.MediaId, range.Length, pausable: false, cancellationToken);
        transfer.AttachTo(context);
        cancellationToken = transfer.CancellationToken;
        using var writes = new ResponseWriteCancellation(context.CancellationToken, cancellationToken);
        using var output = new StallLimitedWriter<ReadResponse>(responses, _options.DownloadStallTimeout, writes.Token);
        metrics.StreamStarted();
        try
        {
            await using var sender = new ChunkSender(store, ContentBlobName(media), BoundEtag(media), range, Window(_options.DefaultDownloadChunkSize), metrics);
            await OpenAsync(media, precondition: false, sender, transferId, cancellationToken);
            await context.WriteResponseHeadersAsync(new Metadata { { TransferIdHeader, transferId } });
            DownloadLog.Started(logger, transferId, media.Media.MediaId, range.Offset, range.Length);
            await StoreReadAsync(
                media,
                precondition: false,
                () => sender.SendAsync(
                    (offset, data) =>
                    {
                        transfer.Report(offset + data.Length - range.Offset);
                        return output.WriteAsync(new ReadResponse { Offset = offset, Data = data });
                    },
                    pauseRequested: null,
                    whilePaused: null,
                    cancellationToken),
                cancellationToken);
            DownloadLog.Completed(logger, transferId, sender.BytesSent);
            transfer.Complete();
        }
        finally
        {
            metrics.StreamEnded();
            if (output.Stalled)
            {
                DownloadLog.Stalled(logger, transferId, _options.DownloadStallTimeout);
            }
        }
    }

    /// <summary>
    /// The media to download. Under an etag precondition, a media that cannot be found
    /// (deleted or expired since the client saw the etag) fails the precondition: the
    /// client's partial copy is stale either way.
    /// </summary>
    private async Task<StoredMedia> FindAsync(string mediaId, bool precondition, ServerCallContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.FindReadableAsync(mediaId, context.GetCaller(), cancellationToken);
        }
        catch (RpcException e) when (precondition && e.StatusCode == StatusCode.NotFound)
        {
            throw MediaErrors.EtagChanged(mediaId);
        }
    }

    /// <summary>Opens the media's bytes before anything is sent, as the "download open" span.</summary>
    private async Task OpenAsync(StoredMedia media, bool precondition, ChunkSender sender, string transferId, CancellationToken cancellationToken)
    {
        using var span = tracing.Source.StartActivity("download open");
        span?.SetTag(ServerTracing.MediaIdTag, media.Media.MediaId);
        span?.SetTag(ServerTracing.TransferIdTag, transferId);
        try
        {
            await StoreReadAsync(media, precondition, () => sender.PrepareAsync(cancellationToken), cancellationToken);
        }
        catch (Exception e) when (ServerTracing.Failed(span, e))
        {
            throw;
        }
    }

    /// <summary>
    /// Runs a read of the media's bytes, which are bound to the etag announced in the header.
    /// When they changed or vanished meanwhile: FAILED_PRECONDITION under the client's etag
    /// precondition or when the media still exists in another version; NOT_FOUND when it is gone.
    /// </summary>
    private async Task StoreReadAsync(StoredMedia media, bool precondition, Func<Task> read, CancellationToken cancellationToken)
    {
        try
        {
            await read();
        }
        catch (Exception e) when (e is BlobNotFoundException or BlobStoreException { ErrorCode: BlobErrorCodes.ConditionNotMet })
        {
            var mediaId = media.Media.MediaId;
            DownloadLog.MediaChanged(logger, mediaId, media.Media.Etag);
            if (precondition || await catalog.FindMediaAsync(mediaId, cancellationToken) is not null)
            {
                throw MediaErrors.EtagChanged(mediaId);
            }

            throw MediaErrors.MediaNotFound(mediaId);
        }
    }

    /// <summary>Applies pause and resume as they arrive; anything else fails the download.</summary>
    /// <remarks>Pause and resume go through the transfer, so its state (as Get and Watch see it) follows them.</remarks>
    private static async Task ReadControlAsync(IAsyncStreamReader<DownloadRequest> requests, DownloadPauseGate gate, ActiveTransfer transfer, CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                switch (requests.Current.MessageCase)
                {
                    case DownloadRequest.MessageOneofCase.Pause:
                        transfer.Apply(TransferControl.Pause);
                        break;
                    case DownloadRequest.MessageOneofCase.Resume:
                        transfer.Apply(TransferControl.Resume);
                        break;
                    default:
                        gate.Fail(MediaErrors.InvalidArgument("After 'open', a download takes only 'pause' and 'resume'."));
                        return;
                }
            }

            // The client half-closed: no more control. A pause with no way to resume would hang; resume.
            transfer.Apply(TransferControl.Resume);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The download ended; nothing more to read.
        }
        catch (IOException)
        {
            // The client reset the stream: the call is over, and its sending side fails too.
        }
        catch (RpcException e)
        {
            gate.Fail(e);
        }
    }

    private int ChunkSize(int requested)
    {
        if (requested < 0)
        {
            throw MediaErrors.InvalidArgument($"chunk_size {requested} is negative.");
        }

        return requested == 0 ? _options.DefaultDownloadChunkSize : Math.Clamp(requested, 1024, _options.MaxDownloadChunkSize);
    }

    /// <summary>The etag reads are bound to; none for a record without one.</summary>
    private static string? BoundEtag(StoredMedia media) => media.Media.Etag.Length > 0 ? media.Media.Etag : null;

    private ReadAheadWindow Window(int chunkSize) => ReadAheadWindow.For(chunkSize, _options.DownloadReadAheadBytes, _options.DownloadEtagCheckBytes);

    private string ContentBlobName(StoredMedia media) =>
        MediaBlobNames.Content(catalog.FindTtl(media.Media.TtlClass) ?? catalog.DefaultTtl, media.Media.MediaId);

    private static DownloadResponse Header(StoredMedia media, ReadRange range, string transferId) => new()
    {
        Header = new DownloadHeader
        {
            Media = media.Media,
            Offset = range.Offset,
            Length = range.Length,
            Etag = media.Media.Etag,
            Sha256 = media.Media.Sha256,
            TransferId = transferId,
        },
    };
}
