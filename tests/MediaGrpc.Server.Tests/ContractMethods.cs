using MediaGrpc.Testing;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace MediaGrpc.Server.Tests;

/// <summary>Contract methods for tests that drive the streams message by message.</summary>
internal static class ContractMethods
{
    public static readonly Method<UploadRequest, UploadResponse> Upload =
        GrpcCalls.Method<UploadRequest, UploadResponse>(UploadReflection.Descriptor.Services[0], "Upload");

    public static readonly Method<DownloadRequest, DownloadResponse> Download =
        GrpcCalls.Method<DownloadRequest, DownloadResponse>(DownloadReflection.Descriptor.Services[0], "Download");

    public static readonly Method<ReadRequest, ReadResponse> Read =
        GrpcCalls.Method<ReadRequest, ReadResponse>(DownloadReflection.Descriptor.Services[0], "Read");
}
