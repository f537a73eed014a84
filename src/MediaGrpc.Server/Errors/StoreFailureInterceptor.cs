using Grpc.Core;
using MediaGrpc.Server.Hosting;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Errors;

/// <summary>
/// A storage outage reaches clients as UNAVAILABLE, the status gRPC clients retry, rather
/// than as an UNKNOWN handler failure: Blob storage out of reach, timing out or answering
/// 5xx after the client's own retries. Other store failures stay server faults.
/// </summary>
internal sealed class StoreFailureInterceptor(ILogger<StoreFailureInterceptor> logger) : ServerCallInterceptor
{
    protected override async Task InterceptAsync(ServerCallContext context, Func<Task> continuation)
    {
        try
        {
            await continuation();
        }
        catch (BlobStoreException e) when (e.IsTransient && !context.CancellationToken.IsCancellationRequested)
        {
            StoreFailureLog.StoreUnavailable(logger, context.Method, e);
            throw MediaErrors.StoreUnavailable();
        }
    }
}
