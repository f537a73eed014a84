using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace MediaGrpc.Cli.Errors;

/// <summary>
/// The one place that maps a failure to an exit code and a message. Server failures keep
/// their gRPC status code and the typed details of their <c>grpc-status-details-bin</c>
/// trailer; local ones get the code a server would have used for the same problem.
/// (This file and <see cref="Connection.ServerConnection"/> are the only ones that know
/// the gRPC library.)
/// </summary>
internal static class CliFailures
{
    public static CliFailure Describe(Exception exception, bool cancelledByUser) => exception switch
    {
        RpcException rpc when cancelledByUser && rpc.StatusCode == StatusCode.Cancelled => Cancelled(),
        RpcException rpc => FromStatus((int)rpc.StatusCode, rpc.Status.Detail, [.. rpc.GetRpcStatus()?.Details ?? []]),
        OperationCanceledException => Cancelled(),
        CliException cli => new CliFailure(cli.ExitCode, cli.Message, []),
        // A transport failure that reached us without a status (the connection broke
        // mid-call): the server is gone for now, which is what UNAVAILABLE says.
        HttpRequestException or HttpIOException => new CliFailure(ExitCodes.Unavailable, exception.Message, []),
        FileNotFoundException or DirectoryNotFoundException => new CliFailure(ExitCodes.NotFound, exception.Message, []),
        UnauthorizedAccessException => new CliFailure(ExitCodes.PermissionDenied, exception.Message, []),
        CryptographicException => new CliFailure(ExitCodes.InvalidArgument, "certificate or key: " + exception.Message, []),
        UriFormatException or ArgumentException => new CliFailure(ExitCodes.InvalidArgument, exception.Message, []),
        InvalidOperationException => new CliFailure(ExitCodes.FailedPrecondition, exception.Message, []),
        _ => new CliFailure(ExitCodes.Unknown, exception.Message, []),
    };

    /// <summary>A server status, described in one line with its typed details.</summary>
    public static CliFailure FromStatus(int code, string detail, IReadOnlyList<Any> details)
    {
        var message = string.IsNullOrWhiteSpace(detail) ? ExitCodes.NameOf(code) : detail.ReplaceLineEndings(" ");
        if (ErrorDetails.Describe(details) is { Length: > 0 } typed)
        {
            message += " (" + typed + ")";
        }

        return new CliFailure(code, message, details);
    }

    private static CliFailure Cancelled() => new(ExitCodes.Cancelled, "interrupted", []);
}
