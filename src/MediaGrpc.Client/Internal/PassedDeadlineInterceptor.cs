using Grpc.Core;
using Grpc.Core.Interceptors;

namespace MediaGrpc.Client.Internal;

/// <summary>
/// Reports a call that ended CANCELLED after its deadline had passed, without the caller
/// cancelling it, as DEADLINE_EXCEEDED.
/// </summary>
/// <remarks>
/// At a deadline both sides act: Grpc.Net.Client cancels the call and reports
/// DEADLINE_EXCEEDED, and Grpc.AspNetCore sends the DEADLINE_EXCEEDED status and then resets the
/// stream. When the server's reset is read before the client's own deadline timer has run (a
/// busy machine), the call fails with CANCELLED ("the server reset the stream") instead, and a
/// caller that waits out or retries deadlines would not recognise it. The server's deadline
/// is never earlier than the client's, so such a call's deadline has always passed.
/// </remarks>
internal sealed class PassedDeadlineInterceptor : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            Checked(call.ResponseAsync, context.Options), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            call.RequestStream, Checked(call.ResponseAsync, context.Options), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(
            new CheckedReader<TResponse>(call.ResponseStream, context.Options), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            call.RequestStream, new CheckedReader<TResponse>(call.ResponseStream, context.Options), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private static async Task<T> Checked<T>(Task<T> response, CallOptions options)
    {
        try
        {
            return await response;
        }
        catch (RpcException e) when (DeadlinePassed(e, options))
        {
            throw DeadlineExceeded(e);
        }
    }

    private static bool DeadlinePassed(RpcException e, CallOptions options) =>
        e.StatusCode == StatusCode.Cancelled
        && options.Deadline is { } deadline && deadline != DateTime.MaxValue && DateTime.UtcNow >= deadline.ToUniversalTime()
        && !options.CancellationToken.IsCancellationRequested;

    private static RpcException DeadlineExceeded(RpcException e) =>
        new(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded", e), e.Trailers);

    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner, CallOptions options) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && DeadlinePassed(e, options))
            {
                throw DeadlineExceeded(e);
            }
        }
    }
}
