using Grpc.Core;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Download;

/// <summary>
/// The base of the DownloadService implementation, in place of the generated
/// <c>DownloadService.DownloadServiceBase</c>, so that Grpc.AspNetCore binds it through
/// <see cref="DownloadServiceBinding"/> (it accepts a custom bind method only on the type that
/// declares the handler methods).
/// </summary>
[BindServiceMethod(typeof(DownloadServiceBinding), nameof(DownloadServiceBinding.BindService))]
internal abstract class DownloadServiceHandlers
{
    /// <summary>mediagrpc.v1.DownloadService/Download.</summary>
    public abstract Task Download(IAsyncStreamReader<DownloadRequest> requests, IServerStreamWriter<DownloadResponse> responses, ServerCallContext context);

    /// <summary>mediagrpc.v1.DownloadService/Read.</summary>
    public abstract Task Read(ReadRequest request, IServerStreamWriter<ReadResponse> responses, ServerCallContext context);
}
