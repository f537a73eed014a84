using MediaGrpc.Contracts.V1;
using Grpc.Core;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;

namespace MediaGrpc.Server.Media;

/// <summary>mediagrpc.v1.MediaService: media records by ID, and delete (see protos/mediagrpc/v1/media.proto).</summary>
internal sealed class MediaGrpcService(MediaReader reader, MediaCatalog catalog) : MediaServiceHandlers
{
    public override async Task<GetMediaResponse> GetMedia(GetMediaRequest request, ServerCallContext context)
    {
        var media = await reader.FindReadableAsync(request.MediaId, context.GetCaller(), context.CancellationToken);
        return new GetMediaResponse { Media = media.Media };
    }

    public override async Task<DeleteMediaResponse> DeleteMedia(DeleteMediaRequest request, ServerCallContext context)
    {
        if (!RandomId.IsWellFormed(request.MediaId))
        {
            throw MediaErrors.MalformedId("media_id");
        }

        var media = await catalog.FindMediaAsync(request.MediaId, context.CancellationToken);
        if (media is null || media.Owner != context.GetCaller().Owner)
        {
            throw MediaErrors.MediaNotFound(request.MediaId);
        }

        await catalog.DeleteMediaAsync(media, context.CancellationToken);
        return new DeleteMediaResponse();
    }
}
