using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MediaGrpc.Rpc;

/// <summary>Kestrel settings a gRPC server needs.</summary>
public static class GrpcKestrelExtensions
{
    /// <summary>Request headers past this size (256 KiB) close the connection; below it, the gRPC metadata limit answers per call.</summary>
    public const int HardHeaderLimit = 256 * 1024;

    /// <summary>
    /// Serves HTTP/2 only on every endpoint, so plain-http endpoints speak h2c with prior
    /// knowledge (with HTTP/1 also enabled and no TLS, Kestrel would quietly serve
    /// HTTP/1.1 only), and applies <see cref="GrpcKestrelOptions"/>: flow-control windows,
    /// which bound streaming throughput far more than the CPU does on loopback and fast
    /// networks, concurrent streams, keep-alive pings and idle connections.
    /// </summary>
    /// <remarks>
    /// Kestrel's header limits are raised to <see cref="HardHeaderLimit"/>: past its own
    /// limits Kestrel closes the whole connection (PROTOCOL_ERROR), failing every call on
    /// it, while <see cref="GrpcServerOptions.MaxRequestMetadataSize"/> refuses only the one
    /// call, with RESOURCE_EXHAUSTED. The hard limit still bounds what a peer can make us
    /// buffer. Kestrel's protection against rapid-reset floods (CVE-2023-44487) stays on.
    /// </remarks>
    public static IWebHostBuilder ConfigureKestrelForGrpc(this IWebHostBuilder builder, Action<GrpcKestrelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new GrpcKestrelOptions();
        configure?.Invoke(options);
        return builder.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            var limits = kestrel.Limits;
            limits.Http2.InitialConnectionWindowSize = options.FlowControlWindow;
            limits.Http2.InitialStreamWindowSize = options.FlowControlWindow;
            limits.Http2.MaxStreamsPerConnection = options.MaxStreamsPerConnection;
            limits.Http2.KeepAlivePingDelay = options.KeepAlivePingDelay;
            limits.Http2.KeepAlivePingTimeout = options.KeepAlivePingTimeout;
            limits.KeepAliveTimeout = options.IdleConnectionTimeout;
            limits.MaxRequestHeadersTotalSize = HardHeaderLimit;
            limits.Http2.MaxRequestHeaderFieldSize = HardHeaderLimit;
        });
    }
}
