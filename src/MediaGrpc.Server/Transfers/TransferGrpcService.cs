using System.Globalization;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;
using Microsoft.Extensions.Options;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace MediaGrpc.Server.Transfers;

/// <summary>mediagrpc.v1.TransferService: observe and control transfers from any replica (see protos/mediagrpc/v1/transfer.proto).</summary>
internal sealed partial class TransferGrpcService(TransferTracker tracker, IOptions<TransferOptions> options, TimeProvider timeProvider) : IGrpcService
{
    private const int DefaultPageSize = 100;

    private readonly TransferOptions _options = options.Value;

    public ServiceDescriptor Descriptor => TransferReflection.Descriptor.Services.Single(s => s.Name == "TransferService");

    public void Bind(GrpcServiceBinder binder) => binder
        .Unary<GetTransferRequest, GetTransferResponse>("GetTransfer", GetTransferAsync)
        .Unary<ListTransfersRequest, ListTransfersResponse>("ListTransfers", ListTransfersAsync)
        .ServerStreaming<WatchTransferRequest, WatchTransferResponse>("WatchTransfer", WatchTransferAsync)
        .Unary<CancelTransferRequest, CancelTransferResponse>("CancelTransfer", CancelTransferAsync)
        .Unary<PauseTransferRequest, PauseTransferResponse>("PauseTransfer", PauseTransferAsync)
        .Unary<ResumeTransferRequest, ResumeTransferResponse>("ResumeTransfer", ResumeTransferAsync);

    private async Task<GetTransferResponse> GetTransferAsync(GetTransferRequest request, ServerCallContext context)
    {
        var record = await tracker.GetOwnedAsync(context.GetCaller(), WellFormed(request.TransferId), context.CancellationToken);
        return new GetTransferResponse { Transfer = record.Transfer };
    }

    private async Task<ListTransfersResponse> ListTransfersAsync(ListTransfersRequest request, ServerCallContext context)
    {
        if (request.PageSize < 0)
        {
            throw MediaErrors.InvalidArgument($"page_size {request.PageSize} is negative.");
        }

        var skip = 0;
        if (request.PageToken.Length > 0
            && (!int.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip < 0))
        {
            throw MediaErrors.InvalidArgument("page_token is not one this service issued.");
        }

        var pageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, DefaultPageSize);
        var all = (await tracker.ListOwnedAsync(context.GetCaller(), context.CancellationToken))
            .OrderBy(r => r.Transfer.CreateTime.ToDateTimeOffset())
            .ThenBy(r => r.TransferId, StringComparer.Ordinal)
            .ToList();
        var response = new ListTransfersResponse();
        response.Transfers.AddRange(all.Skip(skip).Take(pageSize).Select(r => r.Transfer));
        if (skip + pageSize < all.Count)
        {
            response.NextPageToken = (skip + pageSize).ToString(CultureInfo.InvariantCulture);
        }

        return response;
    }

    private async Task<CancelTransferResponse> CancelTransferAsync(CancelTransferRequest request, ServerCallContext context) => new()
    {
        Transfer = await tracker.ControlAsync(context.GetCaller(), WellFormed(request.TransferId), TransferControl.Cancel, context.CancellationToken),
    };

    private async Task<PauseTransferResponse> PauseTransferAsync(PauseTransferRequest request, ServerCallContext context) => new()
    {
        Transfer = await tracker.ControlAsync(context.GetCaller(), WellFormed(request.TransferId), TransferControl.Pause, context.CancellationToken),
    };

    private async Task<ResumeTransferResponse> ResumeTransferAsync(ResumeTransferRequest request, ServerCallContext context) => new()
    {
        Transfer = await tracker.ControlAsync(context.GetCaller(), WellFormed(request.TransferId), TransferControl.Resume, context.CancellationToken),
    };

    private static string WellFormed(string transferId) =>
        RandomId.IsWellFormed(transferId) ? transferId : throw MediaErrors.InvalidArgument($"'{transferId}' is not a well-formed transfer ID.");
}
