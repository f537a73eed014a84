using Grpc.Core;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Contracts.Pooling;

/// <summary>
/// The contract's chunk-carrying methods with pooled payloads on the side that declares it
/// can use them: the server's Upload handler (requests) and the client SDK's downloads
/// (responses). Everyone else uses the generated methods, whose messages own their bytes.
/// </summary>
public static class ChunkMethods
{
    /// <summary>Upload, with pooled requests: for the server's upload handler.</summary>
    public static Method<Pooled<UploadRequest>, UploadResponse> UploadPooledRequests { get; } = new(
        MethodType.DuplexStreaming,
        UploadService.Descriptor.FullName,
        "Upload",
        ChunkMarshallers.Pooled(UploadRequest.Parser),
        ChunkMarshallers.Owned(UploadResponse.Parser));

    /// <summary>Download, with pooled responses: for clients that write each chunk out before reading the next.</summary>
    public static Method<DownloadRequest, Pooled<DownloadResponse>> DownloadPooledResponses { get; } = new(
        MethodType.DuplexStreaming,
        DownloadService.Descriptor.FullName,
        "Download",
        ChunkMarshallers.Owned(DownloadRequest.Parser),
        ChunkMarshallers.Pooled(DownloadResponse.Parser));

    /// <summary>Read, with pooled responses: for clients that write each chunk out before reading the next.</summary>
    public static Method<ReadRequest, Pooled<ReadResponse>> ReadPooledResponses { get; } = new(
        MethodType.ServerStreaming,
        DownloadService.Descriptor.FullName,
        "Read",
        ChunkMarshallers.Owned(ReadRequest.Parser),
        ChunkMarshallers.Pooled(ReadResponse.Parser));
}
