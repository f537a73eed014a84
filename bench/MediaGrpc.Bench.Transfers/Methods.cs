using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;

namespace MediaGrpc.Bench.Transfers;

/// <summary>The contract methods the benchmark calls.</summary>
internal static class Methods
{
    public static readonly Method<UploadRequest, UploadResponse> Upload =
        GrpcCalls.Method<UploadRequest, UploadResponse>(UploadReflection.Descriptor.Services[0], "Upload");

    public static readonly Method<WatchTransferRequest, WatchTransferResponse> Watch =
        GrpcCalls.Method<WatchTransferRequest, WatchTransferResponse>(TransferReflection.Descriptor.Services[0], "WatchTransfer");

    public static readonly Method<CancelTransferRequest, CancelTransferResponse> Cancel =
        GrpcCalls.Method<CancelTransferRequest, CancelTransferResponse>(TransferReflection.Descriptor.Services[0], "CancelTransfer");
}
