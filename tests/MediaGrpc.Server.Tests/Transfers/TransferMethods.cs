using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>TransferService methods, for tests that call them directly.</summary>
internal static class TransferMethods
{
    private static Google.Protobuf.Reflection.ServiceDescriptor Service => TransferReflection.Descriptor.Services[0];

    public static readonly Method<GetTransferRequest, GetTransferResponse> Get = Method<GetTransferRequest, GetTransferResponse>.Create(Service, "GetTransfer");

    public static readonly Method<ListTransfersRequest, ListTransfersResponse> List = Method<ListTransfersRequest, ListTransfersResponse>.Create(Service, "ListTransfers");

    public static readonly Method<WatchTransferRequest, WatchTransferResponse> Watch = Method<WatchTransferRequest, WatchTransferResponse>.Create(Service, "WatchTransfer");

    public static readonly Method<CancelTransferRequest, CancelTransferResponse> Cancel = Method<CancelTransferRequest, CancelTransferResponse>.Create(Service, "CancelTransfer");

    public static readonly Method<PauseTransferRequest, PauseTransferResponse> Pause = Method<PauseTransferRequest, PauseTransferResponse>.Create(Service, "PauseTransfer");

    public static readonly Method<ResumeTransferRequest, ResumeTransferResponse> Resume = Method<ResumeTransferRequest, ResumeTransferResponse>.Create(Service, "ResumeTransfer");
}
