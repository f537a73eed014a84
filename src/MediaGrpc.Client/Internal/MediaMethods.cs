using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;

namespace MediaGrpc.Client.Internal;

/// <summary>The contract's methods, checked against its descriptors once.</summary>
internal static class MediaMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor s_upload = UploadReflection.Descriptor.Services[0];
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor s_download = DownloadReflection.Descriptor.Services[0];
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor s_media = MediaReflection.Descriptor.Services[0];

    public static readonly Method<UploadRequest, UploadResponse> Upload = Method<UploadRequest, UploadResponse>.Create(s_upload, "Upload");
    public static readonly Method<GetUploadStatusRequest, GetUploadStatusResponse> GetUploadStatus = Method<GetUploadStatusRequest, GetUploadStatusResponse>.Create(s_upload, "GetUploadStatus");
    public static readonly Method<AbortUploadRequest, AbortUploadResponse> AbortUpload = Method<AbortUploadRequest, AbortUploadResponse>.Create(s_upload, "AbortUpload");
    public static readonly Method<DownloadRequest, DownloadResponse> Download = Method<DownloadRequest, DownloadResponse>.Create(s_download, "Download");
    public static readonly Method<ReadRequest, ReadResponse> Read = Method<ReadRequest, ReadResponse>.Create(s_download, "Read");
    public static readonly Method<GetMediaRequest, GetMediaResponse> GetMedia = Method<GetMediaRequest, GetMediaResponse>.Create(s_media, "GetMedia");
    public static readonly Method<DeleteMediaRequest, DeleteMediaResponse> DeleteMedia = Method<DeleteMediaRequest, DeleteMediaResponse>.Create(s_media, "DeleteMedia");
}
