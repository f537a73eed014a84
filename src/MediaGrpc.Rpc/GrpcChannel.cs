using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaGrpc.Rpc;

/// <summary>
/// A client connection to one gRPC server address, over HTTP/2 on an
/// <see cref="HttpClient"/>. Thread-safe and meant to be long-lived: create one per
/// server and share it; every call is an HTTP/2 stream on its pooled connections.
/// Spec: https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md
/// </summary>
public sealed partial class GrpcChannel : IDisposable
{
    /// <summary>The <c>user-agent</c> sent with every call.</summary>
    internal const string UserAgent = "mediagrpc-dotnet/1.0";

    private readonly HttpClient _httpClient;

    // The address without a trailing '/', so that "/{service}/{method}" appends to any path base.
    private readonly string _baseAddress;
    private volatile bool _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        _baseAddress = address.GetLeftPart(UriPartial.Path).TrimEnd('/');
        MaxReceiveMessageSize = options.MaxReceiveMessageSize ?? int.MaxValue;
        MaxSendMessageSize = options.MaxSendMessageSize ?? int.MaxValue;
        TimeProvider = options.TimeProvider;
        Compression = Internal.GrpcCompression.Normalize(options.Compression);
        Logger = options.LoggerFactory?.CreateLogger<GrpcChannel>() ?? NullLogger<GrpcChannel>.Instance;

        var ownsHandler = options.HttpHandler is null;
        var handler = options.HttpHandler ?? CreateHandler(options);
        _httpClient = new HttpClient(handler, disposeHandler: ownsHandler)
        {
            // Deadlines are per call (CallOptions.Deadline); HttpClient's own 100 s timeout would cut long streams.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>The server address the channel was created for.</summary>
    public Uri Address { get; }

    internal HttpClient HttpClient => _httpClient;

    internal int MaxReceiveMessageSize { get; }

    internal int MaxSendMessageSize { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>The request compression of calls that do not choose one: null (identity) or "gzip".</summary>
    internal string? Compression { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Creates a channel to <paramref name="address"/>: <c>http://</c> speaks HTTP/2 with
    /// prior knowledge (no TLS, no upgrade), <c>https://</c> negotiates HTTP/2 by ALPN.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI, or an option is out of range.</exception>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Address '{address}' must be an absolute http:// or https:// URI.", nameof(address));
        }

        options ??= new GrpcChannelOptions();
        Validate(options);
        return new GrpcChannel(address, options);
    }

    /// <summary>Closes the channel's connections. Calls still running fail; new calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _httpClient.Dispose();
    }

    internal Uri GetRequestUri(string path) => new(_baseAddress + path, UriKind.Absolute);

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options) => new()
    {
        // One HTTP/2 connection allows a limited number of concurrent streams (often 100):
        // more connections beyond that, rather than queueing calls.
        EnableMultipleHttp2Connections = true,
        InitialHttp2StreamWindowSize = options.InitialHttp2StreamWindowSize,
        KeepAlivePingDelay = options.KeepAlivePingDelay,
        KeepAlivePingTimeout = options.KeepAlivePingTimeout,
        KeepAlivePingPolicy = options.KeepAlivePingPolicy,
        PooledConnectionIdleTimeout = options.IdleConnectionTimeout,
        PooledConnectionLifetime = options.MaxConnectionAge,
        UseCookies = false,
    };

    private static void Validate(GrpcChannelOptions options)
    {
        if (options.MaxReceiveMessageSize is <= 0)
        {
            throw new ArgumentException("MaxReceiveMessageSize must be positive, or null for no limit.", nameof(options));
        }

        if (options.MaxSendMessageSize is <= 0)
        {
            throw new ArgumentException("MaxSendMessageSize must be positive, or null for no limit.", nameof(options));
        }

        if (options.InitialHttp2StreamWindowSize < 65_535)
        {
            throw new ArgumentException("InitialHttp2StreamWindowSize must be at least 65535, the HTTP/2 default.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        _ = Internal.GrpcCompression.Normalize(options.Compression);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
