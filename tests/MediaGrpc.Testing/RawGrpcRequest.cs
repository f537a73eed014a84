using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace MediaGrpc.Testing;

/// <summary>
/// Sends hand-made bytes as a gRPC request over HTTP/2, for tests of how the server
/// answers malformed input that no well-behaved client would send.
/// </summary>
public static class RawGrpcRequest
{
    public static HttpClient CreateClient() => new(new SocketsHttpHandler());

    /// <summary>A POST over HTTP/2 with prior knowledge (h2c), as gRPC requires.</summary>
    public static HttpRequestMessage Post(Uri address, string path, byte[] body, string contentType = "application/grpc")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    /// <summary>A frame header (flag + big-endian length) followed by <paramref name="body"/>.</summary>
    public static byte[] Frame(byte[] body, byte flag = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + body.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri address, string path, byte[] body, string contentType = "application/grpc")
    {
        using var request = Post(address, path, body, contentType);
        var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response;
    }

    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    public static StatusCode? GrpcStatus(HttpResponseMessage response)
    {
        var value = Find(response.TrailingHeaders, "grpc-status") ?? Find(response.Headers, "grpc-status");
        return value is null ? null : (StatusCode)int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? Find(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
