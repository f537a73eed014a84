using MediaGrpc.Testing;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>TransferService methods, for tests that call them directly.</summary>
internal static class TransferMethods
{
    private static Google.Protobuf.Reflection.ServiceDescriptor Service => TransferReflection.Descriptor.Services[0];

    public static readonly Method<GetTransferRequest, GetTransferResponse> Get = GrpcCalls.Method<GetTransferRequest, GetTransferResponse>(Service, "GetTransfer");

    public static readonly Method<ListTransfersRequest, ListTransfersResponse> List = GrpcCalls.Method<ListTransfersRequest, ListTransfersResponse>(Service, "ListTransfers");

    public static readonly Method<WatchTransferRequest, WatchTransferResponse> Watch = GrpcCalls.Method<WatchTransferRequest, WatchTransferResponse>(Service, "WatchTransfer");

    public static readonly Method<CancelTransferRequest, CancelTransferResponse> Cancel = GrpcCalls.Method<CancelTransferRequest, CancelTransferResponse>(Service, "CancelTransfer");

    public static readonly Method<PauseTransferRequest, PauseTransferResponse> Pause = GrpcCalls.Method<PauseTransferRequest, PauseTransferResponse>(Service, "PauseTransfer");

    public static readonly Method<ResumeTransferRequest, ResumeTransferResponse> Resume = GrpcCalls.Method<ResumeTransferRequest, ResumeTransferResponse>(Service, "ResumeTransfer");
}
