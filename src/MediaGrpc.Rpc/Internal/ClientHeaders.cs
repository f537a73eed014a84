using System.Net;
using System.Net.Http.Headers;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Request headers of a call, and response headers and trailers as <see cref="Metadata"/>.
/// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md#requests
/// <code>
/// :method POST, :scheme, :path /{service}/{method}, :authority
/// te: trailers                      detects proxies that drop trailers
/// content-type: application/grpc
/// grpc-timeout: 1234567m            from the deadline (at most 8 digits)
/// grpc-encoding: gzip               when request messages may be compressed
/// grpc-accept-encoding: identity,gzip
/// user-agent: mediagrpc-dotnet/1.0
/// custom metadata                   -bin values in base64
/// </code>
/// </summary>
internal static class ClientHeaders
{
    public static HttpRequestMessage CreateRequest(Uri uri, HttpContent content, Metadata? metadata, TimeSpan? timeout, string? compression)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, "trailers");
        headers.TryAddWithoutValidation("user-agent", GrpcChannel.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcCompression.AcceptEncoding);
        if (compression is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, compression);
        }
        if (timeout is { } remaining)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
        }

        if (metadata is not null)
        {
            foreach (var entry in metadata)
            {
                // Protocol headers are the channel's to set; a custom one would clash with them.
                if (GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    continue;
                }

                var value = MetadataCodec.EncodeValue(entry);

                // HttpClient files names such as content-language under content headers.
                if (!headers.TryAddWithoutValidation(entry.Key, value))
                {
                    content.Headers.TryAddWithoutValidation(entry.Key, value);
                }
            }
        }

        return request;
    }

    /// <summary>The raw value of a header (repeated values joined by ", "), or null.</summary>
    public static string? GetValue(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    /// <summary>The custom metadata among response headers or trailers; protocol headers are left out.</summary>
    /// <exception cref="RpcException">INTERNAL for a <c>-bin</c> value that is not base64.</exception>
    public static Metadata ToMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers.NonValidated)
        {
            foreach (var value in values)
            {
                try
                {
                    MetadataCodec.AddHeader(metadata, name, value);
                }
                catch (ArgumentException)
                {
                    // A header gRPC metadata cannot hold (a name or value outside its
                    // character set) comes from an HTTP intermediary, not the server's handler.
                }
            }
        }

        return metadata;
    }
}
