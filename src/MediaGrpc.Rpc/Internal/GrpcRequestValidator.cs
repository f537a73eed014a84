using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Decides whether an HTTP request is a gRPC call this server can take, and answers
/// the ones it cannot: HTTP/1.x gets 426, a non-gRPC content type 415 (both with a
/// gRPC status too, for clients that look only at that), an unsupported message
/// encoding (not identity or gzip) UNIMPLEMENTED with the encodings we accept.
/// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md
/// </summary>
internal static class GrpcRequestValidator
{
    public static bool TryAccept(HttpContext httpContext, ILogger logger)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Connection = "Upgrade";
            response.Headers.Upgrade = "h2c";
            WriteStatusHeaders(response, new Status(StatusCode.Internal, $"gRPC requires HTTP/2; the request used {request.Protocol}."));
            return false;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            GrpcServerLog.UnsupportedContentType(logger, request.Path, request.ContentType);
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            WriteStatusHeaders(response, new Status(
                StatusCode.Internal,
                $"Content-Type '{request.ContentType}' is not supported; gRPC requires '{GrpcProtocol.ContentType}'."));
            return false;
        }

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length > 0 && !GrpcCompression.IsSupported(encoding))
        {
            // https://github.com/grpc/grpc/blob/master/doc/compression.md: UNIMPLEMENTED,
            // with the encodings we do accept so the client can fall back.
            response.ContentType = GrpcProtocol.ContentType;
            response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcCompression.AcceptEncoding;
            WriteStatusHeaders(response, new Status(
                StatusCode.Unimplemented,
                $"Message encoding '{encoding}' is not supported; supported: {GrpcCompression.AcceptEncoding}."));
            return false;
        }

        return true;
    }

    /// <summary>Answers a call as trailers-only: the status in the response headers, no body.</summary>
    public static void WriteStatusHeaders(HttpResponse response, Status status) =>
        StatusTrailers.Write(status, (name, value) => response.Headers.Append(name, value));
}
