using Google.Protobuf;

namespace MediaGrpc.Rpc;

/// <summary>
/// The outcome of a call: a code, a human-readable detail, and optional typed details
/// that travel in the <c>grpc-status-details-bin</c> trailer as a google.rpc.Status.
/// </summary>
public sealed record Status(StatusCode Code, string Detail, IReadOnlyList<IMessage>? Details = null)
{
    /// <summary>The status of a successful call.</summary>
    public static Status Ok { get; } = new(StatusCode.OK, string.Empty);

    public override string ToString() => $"Status(StatusCode=\"{Code}\", Detail=\"{Detail}\")";
}
