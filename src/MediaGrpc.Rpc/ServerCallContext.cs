using MediaGrpc.Rpc.Internal;
using Microsoft.AspNetCore.Http;

namespace MediaGrpc.Rpc;

/// <summary>What a handler knows about the call it serves, and what it may set on it.</summary>
public sealed class ServerCallContext
{
    private readonly HttpContext _httpContext;
    private readonly ServerCall _call;

    internal ServerCallContext(
        HttpContext httpContext,
        string method,
        Metadata requestHeaders,
        DateTimeOffset? deadline,
        ServerCall call,
        CancellationToken cancellationToken)
    {
        _httpContext = httpContext;
        Method = method;
        RequestHeaders = requestHeaders;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        _call = call;
    }

    /// <summary>The called method's path, <c>/{service}/{method}</c>.</summary>
    public string Method { get; }

    /// <summary>The client's address, e.g. <c>127.0.0.1:53012</c>.</summary>
    public string Peer => _httpContext.Connection.RemoteIpAddress is { } ip
        ? $"{ip}:{_httpContext.Connection.RemotePort}"
        : "unknown";

    /// <summary>The client's custom metadata (protocol headers excluded).</summary>
    public Metadata RequestHeaders { get; }

    /// <summary>Custom trailers sent with the status.</summary>
    public Metadata ResponseTrailers { get; } = new();

    /// <summary>When the client gives up on the call (from <c>grpc-timeout</c>); null for none.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the client cancels or resets the call, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Per-call values set by the call pipeline, e.g. the caller identity.</summary>
    public IDictionary<object, object?> Items => _httpContext.Items;

    /// <summary>Services of the request scope.</summary>
    public IServiceProvider Services => _httpContext.RequestServices;

    /// <summary>The underlying HTTP/2 request, for what this type does not expose.</summary>
    public HttpContext GetHttpContext() => _httpContext;

    /// <summary>
    /// Compression of the response messages: null for identity, or "gzip". Starts as
    /// <see cref="GrpcServerOptions.ResponseCompression"/>; a client that does not accept
    /// the encoding gets identity, whatever is set. Settable until response headers are sent.
    /// </summary>
    /// <exception cref="ArgumentException">An encoding other than gzip or identity.</exception>
    /// <exception cref="InvalidOperationException">Changed after the response headers were sent.</exception>
    public string? ResponseCompression
    {
        get => _call.ResponseCompression;
        set => _call.ResponseCompression = value;
    }

    /// <summary>
    /// Whether the next response messages are compressed with <see cref="ResponseCompression"/>;
    /// false sends them plain (compressed flag 0), e.g. for data already compressed. Default true.
    /// </summary>
    public bool CompressResponses
    {
        get => _call.CompressResponses;
        set => _call.CompressResponses = value;
    }

    /// <summary>Whether the request message read last arrived compressed.</summary>
    public bool LastRequestCompressed => _call.LastRequestCompressed;

    /// <summary>Sends response headers now, with these custom entries; at most once, before any message.</summary>
    public Task WriteResponseHeadersAsync(Metadata headers) => _call.WriteHeadersAsync(headers, CancellationToken);
}
