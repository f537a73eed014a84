using Grpc.Core;
using Grpc.Core.Interceptors;
using MediaGrpc.Server.Errors;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// The call limits Grpc.AspNetCore has no option for, from the <c>Grpc</c> section:
/// request metadata size (RESOURCE_EXHAUSTED for that call only; Kestrel's own header limit
/// would close the whole connection), longest call duration (DEADLINE_EXCEEDED) and
/// longest silence of a client stream (CANCELLED) while the call waits for its client.
/// </summary>
internal sealed class CallLimitsInterceptor(IOptions<GrpcServerOptions> options, TimeProvider timeProvider) : Interceptor
{
    // Where Grpc.AspNetCore's GetHttpContext() looks for the request of a context it did not create.
    private const string HttpContextKey = "__HttpContext";

    private readonly GrpcServerOptions _options = options.Value;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, limited => continuation(request, limited));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, limited => continuation(Idle(requestStream, limited), limited));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, async limited =>
        {
            await continuation(request, responseStream, limited);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, async limited =>
        {
            await continuation(Idle(requestStream, limited), responseStream, limited);
            return true;
        });

    private async Task<T> RunAsync<T>(ServerCallContext context, Func<ServerCallContext, Task<T>> continuation)
    {
        var metadataSize = 0L;
        foreach (var (name, values) in context.GetHttpContext().Request.Headers)
        {
            foreach (var value in values)
            {
                metadataSize += name.Length + (value?.Length ?? 0) + 32;
            }
        }

        if (metadataSize > _options.MaxRequestMetadataSize)
        {
            throw MediaErrors.Plain(
                StatusCode.ResourceExhausted,
                $"Request metadata too large ({metadataSize} bytes vs. {_options.MaxRequestMetadataSize}).");
        }

        if (_options.MaxCallDuration is not { } longest)
        {
            return await continuation(context);
        }

        // GetHttpContext() on the wrapping context below finds the request here.
        context.UserState[HttpContextKey] = context.GetHttpContext();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var timer = timeProvider.CreateTimer(_ => limit.Cancel(), null, longest, Timeout.InfiniteTimeSpan);
        try
        {
            return await continuation(new LimitedServerCallContext(context, limit.Token));
        }
        catch (Exception) when (limit.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw MediaErrors.Plain(StatusCode.DeadlineExceeded, $"The call ran longer than the server's limit of {longest}.");
        }
    }

    private IAsyncStreamReader<T> Idle<T>(IAsyncStreamReader<T> requests, ServerCallContext context) =>
        _options.StreamIdleTimeout is { } idle ? new IdleLimitedReader<T>(requests, idle, timeProvider, context) : requests;

    /// <summary>
    /// Ends a wait for the next message that lasts longer than the idle limit, unless the
    /// handler said its client may now rightly stay silent (<see cref="ExpectedClientSilence"/>).
    /// </summary>
    private sealed class IdleLimitedReader<T>(IAsyncStreamReader<T> inner, TimeSpan idle, TimeProvider timeProvider, ServerCallContext context)
        : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (ExpectedClientSilence.IsExpected(context))
            {
                return await inner.MoveNext(cancellationToken);
            }

            var callToken = context.CancellationToken;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callToken);
            using var timer = timeProvider.CreateTimer(_ => wait.Cancel(), null, idle, Timeout.InfiniteTimeSpan);
            try
            {
                return await inner.MoveNext(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !callToken.IsCancellationRequested)
            {
                throw MediaErrors.Plain(StatusCode.Cancelled, $"The client sent nothing for {idle}, the server's stream idle limit.");
            }
        }
    }

    /// <summary>The call's context with the call-duration limit in its cancellation token.</summary>
    private sealed class LimitedServerCallContext(ServerCallContext inner, CancellationToken cancellationToken) : ServerCallContext
    {
        protected override string MethodCore => inner.Method;

        protected override string HostCore => inner.Host;

        protected override string PeerCore => inner.Peer;

        protected override DateTime DeadlineCore => inner.Deadline;

        protected override Metadata RequestHeadersCore => inner.RequestHeaders;

        protected override CancellationToken CancellationTokenCore => cancellationToken;

        protected override Metadata ResponseTrailersCore => inner.ResponseTrailers;

        protected override Status StatusCore
        {
            get => inner.Status;
            set => inner.Status = value;
        }

        protected override WriteOptions? WriteOptionsCore
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        protected override AuthContext AuthContextCore => inner.AuthContext;

        protected override IDictionary<object, object> UserStateCore => inner.UserState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            inner.CreatePropagationToken(options);

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) =>
            inner.WriteResponseHeadersAsync(responseHeaders);
    }
}
