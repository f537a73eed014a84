namespace MediaGrpc.Rpc;

/// <summary>
/// Wraps every call's handler: the one place for cross-cutting concerns such as
/// authentication. Interceptors run in registration order, outermost first; one may
/// throw <see cref="RpcException"/> to end the call before the handler runs.
/// </summary>
public interface IServerInterceptor
{
    /// <summary>Runs around the rest of the pipeline, which <paramref name="continuation"/> runs.</summary>
    Task InterceptAsync(ServerCallContext context, Func<Task> continuation);
}
