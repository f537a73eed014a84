using Grpc.Core;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// The base of the TransferService implementation, in place of the generated
/// <c>TransferService.TransferServiceBase</c>, so that Grpc.AspNetCore binds it through
/// <see cref="TransferServiceBinding"/> (it accepts a custom bind method only on the type that
/// declares the handler methods).
/// </summary>
[BindServiceMethod(typeof(TransferServiceBinding), nameof(TransferServiceBinding.BindService))]
internal abstract class TransferServiceHandlers
{
    /// <summary>mediagrpc.v1.TransferService/GetTransfer.</summary>
    public abstract Task<GetTransferResponse> GetTransfer(GetTransferRequest request, ServerCallContext context);

    /// <summary>mediagrpc.v1.TransferService/ListTransfers.</summary>
    public abstract Task<ListTransfersResponse> ListTransfers(ListTransfersRequest request, ServerCallContext context);

    /// <summary>mediagrpc.v1.TransferService/WatchTransfer.</summary>
    public abstract Task WatchTransfer(WatchTransferRequest request, IServerStreamWriter<WatchTransferResponse> responses, ServerCallContext context);

    /// <summary>mediagrpc.v1.TransferService/CancelTransfer.</summary>
    public abstract Task<CancelTransferResponse> CancelTransfer(CancelTransferRequest request, ServerCallContext context);

    /// <summary>mediagrpc.v1.TransferService/PauseTransfer.</summary>
    public abstract Task<PauseTransferResponse> PauseTransfer(PauseTransferRequest request, ServerCallContext context);

    /// <summary>mediagrpc.v1.TransferService/ResumeTransfer.</summary>
    public abstract Task<ResumeTransferResponse> ResumeTransfer(ResumeTransferRequest request, ServerCallContext context);
}
