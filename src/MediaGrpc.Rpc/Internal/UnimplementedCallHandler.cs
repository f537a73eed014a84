using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Answers gRPC calls to a service or method this server does not host with
/// UNIMPLEMENTED, as a trailers-only response.
/// </summary>
internal static class UnimplementedCallHandler
{
    public static Task HandleAsync(HttpContext httpContext, ILogger logger)
    {
        if (!GrpcRequestValidator.TryAccept(httpContext, logger))
        {
            return Task.CompletedTask;
        }

        var path = httpContext.Request.Path.Value ?? string.Empty;
        GrpcServerLog.UnknownMethod(logger, path);
        httpContext.Response.ContentType = GrpcProtocol.ContentType;
        var (service, method) = SplitPath(path);
        var detail = method is null
            ? $"Malformed method path '{path}'."
            : $"Method '{method}' of service '{service}' is not implemented.";
        GrpcRequestValidator.WriteStatusHeaders(httpContext.Response, new Status(StatusCode.Unimplemented, detail));
        return Task.CompletedTask;
    }

    private static (string? Service, string? Method) SplitPath(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 1 ? (null, null) : (path[1..slash], path[(slash + 1)..]);
    }
}
