using Grpc.Core;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Media;

/// <summary>
/// The base of the MediaService implementation, in place of the generated
/// <c>MediaService.MediaServiceBase</c>, so that Grpc.AspNetCore binds it through
/// <see cref="MediaServiceBinding"/> (it accepts a custom bind method only on the type that
/// declares the handler methods).
/// </summary>
[BindServiceMethod(typeof(MediaServiceBinding), nameof(MediaServiceBinding.BindService))]
internal abstract class MediaServiceHandlers
{
    /// <summary>mediagrpc.v1.MediaService/GetMedia.</summary>
    public abstract Task<GetMediaResponse> GetMedia(GetMediaRequest request, ServerCallContext context);

    /// <summary>mediagrpc.v1.MediaService/DeleteMedia.</summary>
    public abstract Task<DeleteMediaResponse> DeleteMedia(DeleteMediaRequest request, ServerCallContext context);
}
