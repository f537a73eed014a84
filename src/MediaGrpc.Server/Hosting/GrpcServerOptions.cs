namespace MediaGrpc.Server.Hosting;

/// <summary>
/// The service's gRPC limits and switches, bound from the <c>Grpc</c> configuration section
/// (the keys users know) and applied to Grpc.AspNetCore's <c>GrpcServiceOptions</c> where it
/// has an equivalent, to Kestrel or to <see cref="CallLimitsInterceptor"/> where it has none.
/// </summary>
public sealed class GrpcServerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Grpc";

    /// <summary>The default of <see cref="MaxRequestMetadataSize"/>: 32 KiB, Kestrel's own default header limit.</summary>
    public const int DefaultMaxRequestMetadataSize = 32 * 1024;

    /// <summary>Largest message the server accepts, in bytes; larger ones end the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest message the server sends, in bytes; null for no limit. Default null.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// Compression of response messages: null or "identity" for none, "gzip" to compress
    /// responses to clients that accept gzip. Default null: media chunks rarely compress,
    /// and gzip costs CPU on every byte. Compressed requests are always accepted.
    /// </summary>
    public string? ResponseCompression { get; set; }

    /// <summary>
    /// Largest total size of a call's request headers, in bytes, counted as HTTP/2 does
    /// (name + value + 32 per field); larger ones end the call with RESOURCE_EXHAUSTED and
    /// the connection's other calls go on. Default 32 KiB.
    /// </summary>
    public int MaxRequestMetadataSize { get; set; } = DefaultMaxRequestMetadataSize;

    /// <summary>Longest a call may run, whatever deadline the client sent (or none); past it DEADLINE_EXCEEDED. Default null, no limit.</summary>
    public TimeSpan? MaxCallDuration { get; set; }

    /// <summary>Longest a handler waits for the client's next streamed message; past it CANCELLED. Default null, no limit.</summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Whether exception messages of failed handlers reach clients. Default false.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Whether grpc.reflection v1 and v1alpha are served, for buf curl and grpcurl. Default true.</summary>
    public bool EnableReflection { get; set; } = true;
}
