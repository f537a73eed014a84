using Microsoft.Extensions.Logging;

namespace MediaGrpc.Rpc;

/// <summary>Settings of a <see cref="GrpcChannel"/>; read once, when the channel is created.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>The receive limit used when none is set: 4 MiB, the limit every gRPC implementation defaults to.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// The HTTP/2 stream window used when none is set: 16 MiB. With the 64 KiB default of
    /// HTTP/2, a single stream stalls on WINDOW_UPDATE round trips; 16 MiB windows took
    /// loopback uploads from ~940 to ~1390 MiB/s here (see DESIGN.md). It is also the
    /// largest window SocketsHttpHandler accepts unless its
    /// <c>System.Net.SocketsHttpHandler.FlowControl.MaxStreamWindowSize</c> switch raises it.
    /// </summary>
    public const int DefaultInitialHttp2StreamWindowSize = 16 * 1024 * 1024;

    /// <summary>
    /// Largest response message accepted, in bytes; null for no limit. Default 4 MiB.
    /// A larger message fails the call with RESOURCE_EXHAUSTED as soon as its length
    /// prefix arrives, before its body is buffered.
    /// </summary>
    public int? MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>
    /// Largest request message sent, in bytes; null (the default) for no limit, as in
    /// other gRPC clients: the server enforces its own receive limit.
    /// </summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// Initial HTTP/2 receive window of each stream, in bytes. Default 16 MiB
    /// (<see cref="DefaultInitialHttp2StreamWindowSize"/>). Ignored when
    /// <see cref="HttpHandler"/> is set.
    /// </summary>
    public int InitialHttp2StreamWindowSize { get; set; } = DefaultInitialHttp2StreamWindowSize;

    /// <summary>
    /// Idle time after which an HTTP/2 PING checks that the connection is alive. Default
    /// <see cref="Timeout.InfiniteTimeSpan"/>: no pings, because servers answer too-frequent
    /// pings with GOAWAY (ENHANCE_YOUR_CALM). Ignored when <see cref="HttpHandler"/> is set.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// How long a keep-alive PING may go unanswered before the connection is closed.
    /// Default 20 seconds, as in SocketsHttpHandler. Ignored when <see cref="HttpHandler"/> is set.
    /// </summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Whether keep-alive pings are sent only while calls are running. Default
    /// <see cref="HttpKeepAlivePingPolicy.WithActiveRequests"/>, so an idle channel costs
    /// the server nothing. Ignored when <see cref="HttpHandler"/> is set.
    /// </summary>
    public HttpKeepAlivePingPolicy KeepAlivePingPolicy { get; set; } = HttpKeepAlivePingPolicy.WithActiveRequests;

    /// <summary>
    /// How long a connection with no call may stay open before the channel closes it.
    /// Default 1 minute, as SocketsHttpHandler. Ignored when <see cref="HttpHandler"/> is set.
    /// </summary>
    public TimeSpan IdleConnectionTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest a connection is used for new calls; older ones are replaced, so clients
    /// spread over servers that scaled out behind one address (calls running on an old
    /// connection finish there). Default <see cref="Timeout.InfiniteTimeSpan"/>, no limit.
    /// Ignored when <see cref="HttpHandler"/> is set.
    /// </summary>
    public TimeSpan MaxConnectionAge { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Compression of request messages: null or "identity" for none (the default), "gzip"
    /// to compress them (sent as <c>grpc-encoding: gzip</c>). <see cref="CallOptions.Compression"/>
    /// overrides it per call. Responses in gzip or identity are always read.
    /// </summary>
    public string? Compression { get; set; }

    /// <summary>
    /// A handler to send requests through instead of the channel's own HTTP/2
    /// SocketsHttpHandler, e.g. a test server's handler. Default null. The caller owns it:
    /// disposing the channel does not dispose it. It must speak HTTP/2 with trailers.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Logging for calls (lifecycle at Debug); default null, no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Clock for call deadlines; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
