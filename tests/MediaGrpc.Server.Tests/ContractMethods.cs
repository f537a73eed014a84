using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;

namespace MediaGrpc.Server.Tests;

/// <summary>Contract methods for tests that drive the streams message by message.</summary>
internal static class ContractMethods
{
    public static readonly Method<UploadRequest, UploadResponse> Upload =
        Method<UploadRequest, UploadResponse>.Create(UploadReflection.Descriptor.Services[0], "Upload");

    public static readonly Method<DownloadRequest, DownloadResponse> Download =
        Method<DownloadRequest, DownloadResponse>.Create(DownloadReflection.Descriptor.Services[0], "Download");

    public static readonly Method<ReadRequest, ReadResponse> Read =
        Method<ReadRequest, ReadResponse>.Create(DownloadReflection.Descriptor.Services[0], "Read");
}
