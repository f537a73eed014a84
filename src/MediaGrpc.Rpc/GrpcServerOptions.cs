namespace MediaGrpc.Rpc;

/// <summary>Limits and switches of the gRPC server, bound from the <c>Grpc</c> configuration section.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Grpc";

    /// <summary>Largest message the server accepts, in bytes; larger ones end the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest message the server sends, in bytes; null for no limit. Default null.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// Compression of response messages: null or "identity" for none, "gzip" to compress
    /// every response to clients that list gzip in <c>grpc-accept-encoding</c> (others get
    /// identity). A handler may choose per call with <see cref="ServerCallContext.ResponseCompression"/>.
    /// Default null: media chunks rarely compress, and gzip costs CPU on every byte.
    /// Compressed requests are always accepted, whatever this says.
    /// </summary>
    public string? ResponseCompression { get; set; }

    /// <summary>
    /// Largest total size of a call's request headers, in bytes, counted as HTTP/2 does
    /// (name + value + 32 per field); larger ones end the call with RESOURCE_EXHAUSTED,
    /// and the connection's other calls go on. Default 32 KiB (<see cref="DefaultMaxRequestMetadataSize"/>).
    /// <see cref="GrpcKestrelExtensions.ConfigureKestrelForGrpc"/> raises Kestrel's own header
    /// limits above it, since Kestrel answers too-large headers by closing the whole connection.
    /// </summary>
    public int MaxRequestMetadataSize { get; set; } = DefaultMaxRequestMetadataSize;

    /// <summary>The default of <see cref="MaxRequestMetadataSize"/>: 32 KiB, Kestrel's own default header limit.</summary>
    public const int DefaultMaxRequestMetadataSize = 32 * 1024;

    /// <summary>
    /// Longest a call may run, whatever deadline the client sent (or none); past it the call
    /// ends with DEADLINE_EXCEEDED and its handler is cancelled. Default null, no limit:
    /// uploads of large media over slow links legitimately run long.
    /// </summary>
    public TimeSpan? MaxCallDuration { get; set; }

    /// <summary>
    /// Longest a handler waits for the client's next request message; past it the call ends
    /// with CANCELLED, freeing a stream whose client went silent. Default null, no limit:
    /// a paused download legitimately sends nothing for a long time.
    /// </summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Whether exception messages of failed handlers reach clients. Default false: clients see a generic message, the log has the exception.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Whether grpc.reflection.v1 and v1alpha are served, for buf curl and grpcurl. Default true.</summary>
    public bool EnableReflection { get; set; } = true;
}
