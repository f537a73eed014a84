using System.Globalization;
using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// The statuses a client gives to failures that carry no <c>grpc-status</c>: HTTP status
/// codes, HTTP/2 stream resets, and transport exceptions.
/// </summary>
internal static class ClientStatusMapping
{
    /// <summary>https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md</summary>
    public static StatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>
    /// A RST_STREAM or GOAWAY error code, https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md#errors
    /// (codes from RFC 9113 section 7).
    /// </summary>
    public static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,        // REFUSED_STREAM: not processed, safe to retry
        0x8 => StatusCode.Cancelled,          // CANCEL
        0xb => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xc => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => StatusCode.Internal,             // NO_ERROR before trailers, PROTOCOL_ERROR, INTERNAL_ERROR, …
    };

    /// <summary>The status of a call that failed with <paramref name="exception"/>.</summary>
    public static Status FromException(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case RpcException rpc:
                    return rpc.Status;
                case HttpProtocolException protocol:
                    return new Status(
                        FromHttp2ErrorCode(protocol.ErrorCode),
                        string.Create(CultureInfo.InvariantCulture, $"HTTP/2 error 0x{protocol.ErrorCode:x}: {protocol.Message}"));
                case InvalidProtocolBufferException:
                    return new Status(StatusCode.Internal, "Failed to deserialize the response message: " + inner.Message);
                case OperationCanceledException:
                    // Only reached when the transport cancelled on its own (the call's own
                    // cancellations end it before their exceptions arrive).
                    return new Status(StatusCode.Cancelled, "The call was cancelled by the transport.");
            }
        }

        return exception switch
        {
            // Connection refused, name resolution, TLS, HTTP/2 not spoken: the server is not reachable as a gRPC server.
            HttpRequestException => new Status(StatusCode.Unavailable, "Error starting the call: " + exception.Message),
            IOException => new Status(StatusCode.Unavailable, "Connection lost during the call: " + exception.Message),
            _ => new Status(StatusCode.Unknown, "Error in the call: " + exception.GetType().Name + ": " + exception.Message),
        };
    }
}
