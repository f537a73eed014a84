using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;

namespace MediaGrpc.Bench.Transfers;

/// <summary>The contract methods the benchmark calls.</summary>
internal static class Methods
{
    public static readonly Method<UploadRequest, UploadResponse> Upload =
        Method<UploadRequest, UploadResponse>.Create(UploadReflection.Descriptor.Services[0], "Upload");

    public static readonly Method<WatchTransferRequest, WatchTransferResponse> Watch =
        Method<WatchTransferRequest, WatchTransferResponse>.Create(TransferReflection.Descriptor.Services[0], "WatchTransfer");

    public static readonly Method<CancelTransferRequest, CancelTransferResponse> Cancel =
        Method<CancelTransferRequest, CancelTransferResponse>.Create(TransferReflection.Descriptor.Services[0], "CancelTransfer");
}
