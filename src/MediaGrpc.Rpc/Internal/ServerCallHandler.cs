using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Serves one method: checks the request is gRPC, sets up deadline and cancellation,
/// runs the interceptors and the handler, and always ends the call with a status.
/// One subclass per call kind supplies how messages flow.
/// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md
/// </summary>
internal abstract class ServerCallHandler
{
    // CancellationTokenSource accepts at most uint.MaxValue - 1 milliseconds (~49 days).
    private static readonly TimeSpan s_maxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly GrpcServerRuntime _runtime;

    protected ServerCallHandler(
        MethodDescriptor descriptor,
        MethodType type,
        GrpcServerRuntime runtime,
        PayloadLifetime requestPayloads = PayloadLifetime.Owned)
    {
        Descriptor = descriptor;
        Type = type;
        RequestPayloads = requestPayloads;
        Path = "/" + descriptor.Service.FullName + "/" + descriptor.Name;
        _runtime = runtime;
    }

    public MethodDescriptor Descriptor { get; }

    public MethodType Type { get; }

    public string Path { get; }

    /// <summary>How long large <c>bytes</c> fields of request messages stay valid; the handler's declaration.</summary>
    public PayloadLifetime RequestPayloads { get; }

    protected GrpcServerOptions Options => _runtime.Options;

    public async Task HandleAsync(HttpContext httpContext)
    {
        var logger = _runtime.Logger;
        if (!GrpcRequestValidator.TryAccept(httpContext, logger))
        {
            return;
        }

        // gRPC streams are long-lived and of any length: Kestrel's per-request body size
        // and minimum data-rate limits are for HTTP/1-style requests, not for calls.
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        if (httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } dataRate)
        {
            dataRate.MinDataRate = null;
        }

        httpContext.Response.ContentType = GrpcProtocol.ContentType;
        var call = new ServerCall(httpContext, Options, RequestPayloads, _runtime.TimeProvider, _runtime.Metrics, Path);
        var startedAt = _runtime.TimeProvider.GetTimestamp();
        GrpcServerLog.CallStarted(logger, Path);
        _runtime.Metrics.CallStarted(Path);

        var metadataSize = MeasureHeaders(httpContext);
        if (metadataSize > Options.MaxRequestMetadataSize)
        {
            Complete(call, new Status(
                StatusCode.ResourceExhausted,
                $"Request metadata too large ({metadataSize} bytes vs. {Options.MaxRequestMetadataSize})."), new Metadata(), startedAt);
            return;
        }

        if (!TryReadDeadline(httpContext, out var timeout))
        {
            Complete(call, new Status(StatusCode.Internal, "Malformed grpc-timeout header."), new Metadata(), startedAt);
            return;
        }

        if (Options.MaxCallDuration is { } longest && (timeout is null || timeout > longest))
        {
            timeout = longest;
        }

        using var deadlineSource = timeout is { } t
            ? new CancellationTokenSource(t < s_maxTimerDelay ? t : s_maxTimerDelay, _runtime.TimeProvider)
            : null;
        using var callSource = CancellationTokenSource.CreateLinkedTokenSource(
            httpContext.RequestAborted, deadlineSource?.Token ?? CancellationToken.None);

        Status status;
        var trailers = new Metadata();
        try
        {
            var headers = ReadRequestHeaders(httpContext);
            var context = new ServerCallContext(
                httpContext,
                Path,
                headers,
                timeout is { } d ? _runtime.TimeProvider.GetUtcNow() + d : null,
                call,
                callSource.Token);
            trailers = context.ResponseTrailers;
            await InvokeInterceptorsAsync(context, 0, call);
            status = Status.Ok;
        }
        catch (Exception e)
        {
            var deadlineExceeded = deadlineSource?.IsCancellationRequested == true;
            if (httpContext.RequestAborted.IsCancellationRequested && !deadlineExceeded)
            {
                // The client reset the stream: nobody is listening for a status.
                GrpcServerLog.CallCancelled(logger, Path);
                call.ReleasePayloads();
                _runtime.Metrics.CallCompleted(Path, StatusCode.Cancelled, _runtime.TimeProvider.GetElapsedTime(startedAt));
                return;
            }

            status = ServerCallExceptionMapper.ToStatus(e, deadlineExceeded, Options.EnableDetailedErrors);
            LogFailure(logger, e, status);
            if (e is RpcException { Trailers.Count: > 0 } rpc)
            {
                foreach (var entry in rpc.Trailers)
                {
                    if (entry.IsBinary)
                    {
                        trailers.Add(entry.Key, entry.ValueBytes!);
                    }
                    else
                    {
                        trailers.Add(entry.Key, entry.Value!);
                    }
                }
            }
        }

        Complete(call, status, trailers, startedAt);
    }

    /// <summary>Reads the request message(s), runs the handler, writes the response message(s).</summary>
    protected abstract Task InvokeHandlerAsync(ServerCall call, ServerCallContext context);

    private Task InvokeInterceptorsAsync(ServerCallContext context, int index, ServerCall call)
    {
        var interceptors = _runtime.Interceptors;
        if (index == interceptors.Count)
        {
            return InvokeHandlerAsync(call, context);
        }

        return interceptors[index].InterceptAsync(context, () => InvokeInterceptorsAsync(context, index + 1, call));
    }

    private void Complete(ServerCall call, Status status, Metadata trailers, long startedAt)
    {
        call.ReleasePayloads();
        call.WriteStatus(status, trailers);
        GrpcServerLog.CallEnded(_runtime.Logger, Path, status.Code);
        _runtime.Metrics.CallCompleted(Path, status.Code, _runtime.TimeProvider.GetElapsedTime(startedAt));
    }

    private void LogFailure(ILogger logger, Exception exception, Status status)
    {
        switch (exception)
        {
            case RpcException:
                GrpcServerLog.CallRefused(logger, Path, status.Code, status.Detail);
                break;
            case OperationCanceledException when status.Code == StatusCode.DeadlineExceeded:
                GrpcServerLog.DeadlineExceeded(logger, Path);
                break;
            case OperationCanceledException:
                GrpcServerLog.CallCancelled(logger, Path);
                break;
            default:
                GrpcServerLog.HandlerFailed(logger, Path, exception);
                break;
        }
    }

    private static bool TryReadDeadline(HttpContext httpContext, out TimeSpan? timeout)
    {
        timeout = null;
        var value = httpContext.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (value.Length == 0)
        {
            return true;
        }

        if (!GrpcTimeout.TryParse(value, out var parsed))
        {
            return false;
        }

        timeout = parsed;
        return true;
    }

    /// <summary>The size of the request headers as HTTP/2 counts it (RFC 9113 §6.5.2): name + value + 32 per field.</summary>
    private static long MeasureHeaders(HttpContext httpContext)
    {
        long size = 0;
        foreach (var header in httpContext.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                size += header.Key.Length + (value?.Length ?? 0) + 32;
            }
        }

        return size;
    }

    private static Metadata ReadRequestHeaders(HttpContext httpContext)
    {
        var metadata = new Metadata();
        foreach (var header in httpContext.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    MetadataCodec.AddHeader(metadata, header.Key, value);
                }
            }
        }

        return metadata;
    }
}
