using MediaGrpc.Contracts.V1;
using Grpc.Core;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;

namespace MediaGrpc.Server.Upload;

/// <summary>The unary calls of UploadService: status, abort and limits.</summary>
internal sealed partial class UploadGrpcService
{
    public override async Task<GetUploadStatusResponse> GetUploadStatus(GetUploadStatusRequest request, ServerCallContext context)
    {
        var upload = await starter.ResumeAsync(request.UploadId, context.GetCaller(), context.CancellationToken);
        return new GetUploadStatusResponse
        {
            UploadId = upload.Manifest.UploadId,
            PersistedOffset = upload.PersistedOffset,
            Complete = upload.CompletedMedia is not null,
            Media = upload.CompletedMedia,
            ExpireTime = upload.Manifest.ExpireTime,
        };
    }

    public override async Task<AbortUploadResponse> AbortUpload(AbortUploadRequest request, ServerCallContext context)
    {
        var upload = await starter.ResumeAsync(request.UploadId, context.GetCaller(), context.CancellationToken);
        if (upload.CompletedMedia is not null)
        {
            throw MediaErrors.AlreadyComplete(upload.Manifest.UploadId);
        }

        using var lease = locks.TryAcquire(upload.Manifest.UploadId) ?? throw MediaErrors.ConcurrentWriter(upload.Manifest.UploadId);

        // Across replicas too: a stream writing this upload elsewhere would go on staging
        // blocks of an upload that no longer exists.
        await using var writer = await transfers.HoldWriterLeaseAsync(upload.Manifest.Owner, upload.Manifest.UploadId, context.CancellationToken);
        await store.DeleteAsync(upload.ContentBlobName, context.CancellationToken);
        await catalog.DeleteUploadAsync(upload.Manifest.UploadId, context.CancellationToken);
        UploadLog.Aborted(logger, upload.Manifest.UploadId);
        return new AbortUploadResponse();
    }

    public override Task<GetUploadLimitsResponse> GetUploadLimits(GetUploadLimitsRequest request, ServerCallContext context) =>
        Task.FromResult(limits.Response);
}
