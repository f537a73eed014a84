using Google.Protobuf;
using Grpc.Core;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Transfers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// The outermost step of every call: failures that are not yet a status the contract
/// documents become one here. Grpc.AspNetCore refuses a streamed message over
/// <see cref="GrpcServerOptions.MaxReceiveMessageSize"/> from its length prefix with a bare
/// RESOURCE_EXHAUSTED; this adds the documented <c>LimitExceeded{limit: "max_message_size"}</c>
/// detail. Messages the library reads before any interceptor runs (the single request of
/// unary and server-streaming calls) keep the bare status: errors.proto says so.
/// Malformed streamed messages (bad protobuf, bad compression) become INTERNAL; so does the
/// malformed single request of a unary or server-streaming call, from its marshaller
/// (<see cref="MalformedRequestBinder"/>), which the library reads before any interceptor. Anything else unexpected is left to the library: UNKNOWN, logged, with its message only
/// under <see cref="GrpcServerOptions.EnableDetailedErrors"/>.
/// A transfer ended by TransferService.CancelTransfer answers CANCELLED with a
/// <c>TransferCancelled</c> detail, so its client can tell it from its own cancel; every
/// RESOURCE_EXHAUSTED with a <c>LimitExceeded</c> detail is counted by limit.
/// </summary>
internal sealed class ErrorMappingInterceptor(IOptions<GrpcServerOptions> options, LimitMetrics limits) : ServerCallInterceptor
{
    // Grpc.AspNetCore's own status for a received message over the limit (PipeExtensions).
    private const string LibraryMessageTooLarge = "Received message exceeds the maximum configured message size.";

    // Kestrel's message for a request stream the client reset (RST_STREAM). Both that and a
    // stream aborted with its connection may fail the handler's read before the call's
    // cancellation token is signalled.
    private const string KestrelClientReset = "The client reset the request stream.";

    private readonly int _maxReceiveMessageSize = options.Value.MaxReceiveMessageSize;

    protected override async Task InterceptAsync(ServerCallContext context, Func<Task> continuation)
    {
        try
        {
            await MapAsync(context, continuation);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && CountLimit(e))
        {
            throw;
        }
    }

    private async Task MapAsync(ServerCallContext context, Func<Task> continuation)
    {
        try
        {
            await continuation();
        }
        catch (Exception) when (ActiveTransfer.Of(context) is { CancelledByOwner: true } transfer && !context.CancellationToken.IsCancellationRequested)
        {
            // Whatever the handler failed with, its transfer's token was cancelled by the owner.
            throw MediaErrors.TransferCancelled(transfer.Id, transfer.Replica);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && e.Status.Detail == LibraryMessageTooLarge)
        {
            // The library does not report the refused message's length: requested stays 0.
            throw MediaErrors.LimitExceeded("max_message_size", _maxReceiveMessageSize, 0);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            // A streamed message that is not valid protobuf, or whose compression is broken.
            throw MediaErrors.MalformedMessage();
        }
        catch (Exception e) when (e is OperationCanceledException || context.CancellationToken.IsCancellationRequested || IsClientGone(e))
        {
            // The client cancelled, reset the stream or dropped the connection, or its
            // deadline passed (the library reports that as DEADLINE_EXCEEDED whatever the
            // handler throws): whatever the handler failed with then (an aborted read or write, a store request cancelled
            // midway) is the cancellation's doing and no one will read the status. Or the
            // owner cancelled the transfer (CancelTransfer cancels the handler's token, not
            // the call's).
            throw MediaErrors.Plain(StatusCode.Cancelled, "The call was cancelled.");
        }
    }

    /// <summary>Counts a refusal by its LimitExceeded detail; false, to serve as an exception filter.</summary>
    private bool CountLimit(RpcException e)
    {
        if (e.GetRpcStatus()?.GetDetail<LimitExceeded>() is { } limit)
        {
            limits.Rejected(limit.Limit);
        }

        return false;
    }

    /// <summary>A request stream the client reset, or that ended with its connection.</summary>
    private static bool IsClientGone(Exception e) =>
        e is IOException { Message: KestrelClientReset } or IOException { InnerException: ConnectionAbortedException };
}
