using System.Globalization;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Identity;
using MediaGrpc.Server.Media;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Transfers;

/// <summary>mediagrpc.v1.TransferService: observe and control transfers from any replica (see protos/mediagrpc/v1/transfer.proto).</summary>
internal sealed partial class TransferGrpcService(TransferTracker tracker, IOptions<TransferOptions> options, TimeProvider timeProvider) : TransferServiceHandlers
{
    private const int DefaultPageSize = 100;

    private readonly TransferOptions _options = options.Value;



    public override async Task<GetTransferResponse> GetTransfer(GetTransferRequest request, ServerCallContext context)
    {
        var record = await tracker.GetOwnedAsync(context.GetCaller(), WellFormed(request.TransferId), context.CancellationToken);
        return new GetTransferResponse { Transfer = record.Transfer };
    }

    public override async Task<ListTransfersResponse> ListTransfers(ListTransfersRequest request, ServerCallContext context)
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

    public override async Task<CancelTransferResponse> CancelTransfer(CancelTransferRequest request, ServerCallContext context) => new()
    {
        Transfer = await tracker.ControlAsync(context.GetCaller(), WellFormed(request.TransferId), TransferControl.Cancel, context.CancellationToken),
    };

    public override async Task<PauseTransferResponse> PauseTransfer(PauseTransferRequest request, ServerCallContext context) => new()
    {
        Transfer = await tracker.ControlAsync(context.GetCaller(), WellFormed(request.TransferId), TransferControl.Pause, context.CancellationToken),
    };

    public override async Task<ResumeTransferResponse> ResumeTransfer(ResumeTransferRequest request, ServerCallContext context) => new()
    {
        Transfer = await tracker.ControlAsync(context.GetCaller(), WellFormed(request.TransferId), TransferControl.Resume, context.CancellationToken),
    };

    private static string WellFormed(string transferId) =>
        RandomId.IsWellFormed(transferId) ? transferId : throw MediaErrors.MalformedId("transfer_id");
}
