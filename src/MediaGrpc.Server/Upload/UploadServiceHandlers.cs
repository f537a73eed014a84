using Grpc.Core;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// The base of the UploadService implementation, in place of the generated
/// <c>UploadService.UploadServiceBase</c>: Upload receives its requests as
/// <see cref="Pooled{T}"/> messages. Grpc.AspNetCore binds the handlers it finds overriding
/// the methods declared here, through <see cref="UploadServiceBinding"/>.
/// </summary>
[BindServiceMethod(typeof(UploadServiceBinding), nameof(UploadServiceBinding.BindService))]
internal abstract class UploadServiceHandlers
{
    /// <summary>mediagrpc.v1.UploadService/Upload, with requests in pooled buffers.</summary>
    public abstract Task Upload(IAsyncStreamReader<Pooled<UploadRequest>> requests, IServerStreamWriter<UploadResponse> responses, ServerCallContext context);

    /// <summary>mediagrpc.v1.UploadService/GetUploadStatus.</summary>
    public abstract Task<GetUploadStatusResponse> GetUploadStatus(GetUploadStatusRequest request, ServerCallContext context);

    /// <summary>mediagrpc.v1.UploadService/AbortUpload.</summary>
    public abstract Task<AbortUploadResponse> AbortUpload(AbortUploadRequest request, ServerCallContext context);

    /// <summary>mediagrpc.v1.UploadService/GetUploadLimits.</summary>
    public abstract Task<GetUploadLimitsResponse> GetUploadLimits(GetUploadLimitsRequest request, ServerCallContext context);
}
