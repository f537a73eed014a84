using System.Runtime.CompilerServices;
using Grpc.Core;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client;

/// <summary>
/// TransferService: the caller's running and paused uploads and downloads, by transfer ID,
/// from any replica. Like every call of this client, these wait out the owner's rate limit.
/// </summary>
public sealed partial class MediaGrpcClient
{
    /// <summary>One of the caller's transfers, by ID; NOT_FOUND for an unknown ID or another owner's.</summary>
    public async Task<Transfer> GetTransferAsync(string transferId, CancellationToken cancellationToken = default) =>
        (await WaitingOutRateLimitAsync(options => _transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId }, options).ResponseAsync, cancellationToken)).Transfer;

    /// <summary>
    /// One page of the caller's active and paused transfers: start with an empty
    /// <paramref name="pageToken"/>, then pass each page's <c>NextPageToken</c> until it is empty.
    /// </summary>
    public Task<ListTransfersResponse> ListTransfersAsync(string pageToken = "", int pageSize = 0, CancellationToken cancellationToken = default) =>
        WaitingOutRateLimitAsync(
            options => _transfers.ListTransfersAsync(new ListTransfersRequest { PageToken = pageToken, PageSize = pageSize }, options).ResponseAsync,
            cancellationToken);

    /// <summary>Cancels a transfer: its stream ends with CANCELLED; an upload's persisted bytes stay resumable.</summary>
    public async Task<Transfer> CancelTransferAsync(string transferId, CancellationToken cancellationToken = default) =>
        (await WaitingOutRateLimitAsync(options => _transfers.CancelTransferAsync(new CancelTransferRequest { TransferId = transferId }, options).ResponseAsync, cancellationToken)).Transfer;

    /// <summary>Pauses a download (FAILED_PRECONDITION for a transfer that cannot pause).</summary>
    public async Task<Transfer> PauseTransferAsync(string transferId, CancellationToken cancellationToken = default) =>
        (await WaitingOutRateLimitAsync(options => _transfers.PauseTransferAsync(new PauseTransferRequest { TransferId = transferId }, options).ResponseAsync, cancellationToken)).Transfer;

    /// <summary>Resumes a paused download.</summary>
    public async Task<Transfer> ResumeTransferAsync(string transferId, CancellationToken cancellationToken = default) =>
        (await WaitingOutRateLimitAsync(options => _transfers.ResumeTransferAsync(new ResumeTransferRequest { TransferId = transferId }, options).ResponseAsync, cancellationToken)).Transfer;

    /// <summary>A transfer's snapshot, then its progress and state events, until it ends.</summary>
    public async IAsyncEnumerable<WatchTransferResponse> WatchTransferAsync(
        string transferId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A refusal by the owner's rate limit comes before the first message: it is waited out
        // as for any call, so the watch starts by reading that message.
        var (call, any) = await WaitingOutRateLimitAsync(options => OpenWatchAsync(transferId, options, cancellationToken), cancellationToken);
        using (call)
        {
            while (any)
            {
                yield return call.ResponseStream.Current;
                any = await call.ResponseStream.MoveNext(cancellationToken);
            }
        }
    }

    /// <summary>Starts the watch and reads its first message; the call is disposed if that fails.</summary>
    private async Task<(AsyncServerStreamingCall<WatchTransferResponse> Call, bool Any)> OpenWatchAsync(
        string transferId, CallOptions options, CancellationToken cancellationToken)
    {
        var call = _transfers.WatchTransfer(new WatchTransferRequest { TransferId = transferId }, options);
        try
        {
            return (call, await call.ResponseStream.MoveNext(cancellationToken));
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }
}
