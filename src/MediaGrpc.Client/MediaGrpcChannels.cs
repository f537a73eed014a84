using Grpc.Net.Client;

namespace MediaGrpc.Client;

/// <summary>Channels tuned for moving media: what <see cref="MediaGrpcClient"/> users should pass when they build their own.</summary>
public static class MediaGrpcChannels
{
    /// <summary>
    /// HTTP/2 receive window per stream: 16 MiB, the server's own (see the server's
    /// GrpcKestrelOptions). With SocketsHttpHandler's default window a download of large
    /// chunks waits for window updates on every few chunks.
    /// </summary>
    public const int StreamWindowSize = 16 * 1024 * 1024;

    /// <summary>A channel to <paramref name="address"/> on <see cref="CreateHandler"/>; the caller disposes it.</summary>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        options ??= new GrpcChannelOptions();
        options.HttpHandler ??= CreateHandler();
        options.DisposeHttpClient = true;
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>
    /// The HTTP handler for media channels: 16 MiB HTTP/2 stream windows, several HTTP/2
    /// connections when one has no stream left, keep-alive pings on idle connections.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        InitialHttp2StreamWindowSize = StreamWindowSize,
        EnableMultipleHttp2Connections = true,
        KeepAlivePingDelay = TimeSpan.FromMinutes(1),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
    };
}
