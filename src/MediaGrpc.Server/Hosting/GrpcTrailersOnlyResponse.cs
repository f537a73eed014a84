using System.Globalization;
using System.Text;
using Grpc.Core;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// A gRPC status written by ASP.NET Core middleware, before any gRPC handler runs (the
/// authorization and rate-limiting middleware): a "trailers-only" response, HTTP 200 with
/// <c>content-type: application/grpc</c> and the status in the headers of a frame that ends
/// the stream. Every gRPC client reads it as the call's status; a bare HTTP 401 or 429 would
/// reach them only as a code guessed from the HTTP status, with no message or details.
/// </summary>
/// <remarks>
/// Wire format (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md, "Responses"):
/// <c>Trailers-Only → HTTP-Status Content-Type Trailers</c>, where <c>grpc-message</c> is
/// percent-encoded UTF-8 and binary (<c>-bin</c>) metadata, such as
/// <c>grpc-status-details-bin</c>, is base64.
/// </remarks>
internal static class GrpcTrailersOnlyResponse
{
    /// <summary>Answers the request with the status of <paramref name="error"/>: code, detail and its trailers (details, pushback).</summary>
    public static Task WriteAsync(HttpContext context, RpcException error)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)error.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(error.Status.Detail);
        foreach (var entry in error.Trailers)
        {
            response.Headers[entry.Key] = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;
        }

        return response.CompleteAsync();
    }

    // Printable ASCII except '%' stays; every other UTF-8 byte becomes %XX.
    private static string PercentEncode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var encoded = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
