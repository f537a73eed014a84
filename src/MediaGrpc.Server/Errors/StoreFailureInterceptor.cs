using Grpc.Core;
using MediaGrpc.Server.Hosting;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Errors;

/// <summary>
/// A storage outage reaches clients as UNAVAILABLE, the status gRPC clients retry, rather
/// than as an UNKNOWN handler failure: Blob storage out of reach, timing out or answering
/// 5xx after the client's own retries. A full volume under the local store answers
/// RESOURCE_EXHAUSTED. Other store failures stay server faults.
/// </summary>
internal sealed class StoreFailureInterceptor(ILogger<StoreFailureInterceptor> logger) : ServerCallInterceptor
{
    protected override async Task InterceptAsync(ServerCallContext context, Func<Task> continuation)
    {
        try
        {
            await continuation();
        }
        catch (BlobStoreException e) when (e.ErrorCode == BlobErrorCodes.InsufficientStorage && !context.CancellationToken.IsCancellationRequested)
        {
            // Not an outage that backoff fixes: someone has to free space. RESOURCE_EXHAUSTED is
            // gRPC's code for "the entire file system is out of space"; clients do not retry it.
            StoreFailureLog.StoreFull(logger, context.Method, e);
            throw MediaErrors.StoreFull();
        }
        catch (BlobStoreException e) when (e.IsTransient && !context.CancellationToken.IsCancellationRequested)
        {
            StoreFailureLog.StoreUnavailable(logger, context.Method, e);
            throw MediaErrors.StoreUnavailable();
        }
    }
}
