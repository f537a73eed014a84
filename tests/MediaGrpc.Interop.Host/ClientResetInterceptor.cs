using Grpc.Core;
using Grpc.Core.Interceptors;

namespace MediaGrpc.Interop;

/// <summary>
/// A client that cancels a stream (the cancel_* cases) makes the handler's next read fail
/// with an IOException, which Grpc.AspNetCore would log as a handler error; it is the
/// expected end of such a call, reported as CANCELLED. (The service has no other I/O:
/// every IOException here is the request stream's; RequestAborted may be signalled later.)
/// </summary>
internal sealed class ClientResetInterceptor : Interceptor
{
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (IOException)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The client cancelled the call."));
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (IOException)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The client cancelled the call."));
        }
    }
}
