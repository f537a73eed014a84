using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Rpc.Internal;

/// <summary>What every call handler shares: options, clock, logger, metrics and the interceptor chain.</summary>
internal sealed class GrpcServerRuntime(
    IOptions<GrpcServerOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    IEnumerable<IServerInterceptor> interceptors,
    GrpcServerMetrics metrics)
{
    public GrpcServerMetrics Metrics { get; } = metrics;

    public GrpcServerOptions Options { get; } = options.Value;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("MediaGrpc.Rpc.Server");

    public IReadOnlyList<IServerInterceptor> Interceptors { get; } = [.. interceptors];
}
