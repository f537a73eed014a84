namespace MediaGrpc.Server.Hosting;

/// <summary>
/// The HTTP/2 settings of Kestrel that a gRPC server depends on, applied by
/// <see cref="GrpcHostingExtensions.ConfigureKestrelForGrpc(IWebHostBuilder, GrpcKestrelOptions)"/>; the media server binds them
/// from the <c>Grpc:Kestrel</c> configuration section. Each property documents its default.
/// </summary>
public sealed class GrpcKestrelOptions
{
    /// <summary>Configuration section the media server binds these from.</summary>
    public const string SectionName = "Grpc:Kestrel";

    /// <summary>
    /// Initial HTTP/2 connection and stream receive window, in bytes. Default 16 MiB: on
    /// loopback, uploads of large messages gained about 50% over Kestrel's 768 KiB / 1 MiB
    /// defaults. It also bounds what one stream can make the server buffer for a handler
    /// that does not read.
    /// </summary>
    public int FlowControlWindow { get; set; } = 16 * 1024 * 1024;

    /// <summary>Concurrent calls (HTTP/2 streams) per client connection. Default 100, Kestrel's and grpc-go's default.</summary>
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>
    /// Idle time of a connection after which the server PINGs the client, to find dead
    /// peers and keep NAT entries alive. Default 2 hours, as grpc-go's server keepalive
    /// time; <see cref="Timeout.InfiniteTimeSpan"/> for none. Kestrel takes at least 1 second.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a server PING may go unanswered before the connection is closed. Default 20 seconds, as grpc-go; at least 1 second.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Time a connection with no open call is kept. Default 2 minutes, Kestrel's
    /// keep-alive timeout; <see cref="Timeout.InfiniteTimeSpan"/> keeps idle connections forever.
    /// </summary>
    public TimeSpan IdleConnectionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Longest a new connection may take to send the HTTP/2 preface, and a request to send its
    /// headers; a slow-headers (slowloris) client is disconnected past it. Default 30 seconds,
    /// Kestrel's default.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Size in bytes of the blocks Kestrel's connections read into and buffer in
    /// (<see cref="LargeBlockMemoryPool"/>). Default 64 KiB: Kestrel's own pool has 4 KiB blocks,
    /// so receiving an upload took two system calls per 4 KiB, and the server spent 1.5-1.8 times
    /// the CPU per uploaded MiB (bench/upload). Each open call holds a block or two for its buffers,
    /// so many concurrent small calls hold more memory than with 4 KiB. 0 keeps Kestrel's own pool
    /// (and its <c>aspnetcore.memory_pool</c> metrics); otherwise 4096 to 1048576.
    /// </summary>
    public int BufferBlockSize { get; set; } = 64 * 1024;

    /// <summary>What is wrong with these settings, one line per problem naming its key; empty when they can be applied.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (FlowControlWindow is < 65_535)
        {
            problems.Add($"{SectionName}:FlowControlWindow must be at least 65535 (HTTP/2's initial window).");
        }

        if (BufferBlockSize is not 0 and (< 4096 or > 1024 * 1024))
        {
            problems.Add($"{SectionName}:BufferBlockSize must be 0 (Kestrel's own pool) or between 4096 and 1048576.");
        }

        if (MaxStreamsPerConnection < 1)
        {
            problems.Add($"{SectionName}:MaxStreamsPerConnection must be positive.");
        }

        if (!AtLeastOneSecondOrInfinite(KeepAlivePingDelay) || !AtLeastOneSecondOrInfinite(KeepAlivePingTimeout))
        {
            problems.Add($"{SectionName}:KeepAlivePingDelay and KeepAlivePingTimeout must be at least 1 second, or infinite (-00:00:00.001).");
        }

        if (IdleConnectionTimeout <= TimeSpan.Zero && IdleConnectionTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{SectionName}:IdleConnectionTimeout must be positive, or infinite.");
        }

        if (RequestHeadersTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:RequestHeadersTimeout must be positive.");
        }

        return problems;
    }

    private static bool AtLeastOneSecondOrInfinite(TimeSpan value) => value == Timeout.InfiniteTimeSpan || value >= TimeSpan.FromSeconds(1);
}
