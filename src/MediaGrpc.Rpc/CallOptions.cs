namespace MediaGrpc.Rpc;

/// <summary>Per-call settings.</summary>
/// <param name="Headers">
/// Custom metadata sent as request headers (<c>-bin</c> values base64-encoded). Protocol
/// headers (<c>content-type</c>, <c>te</c>, <c>user-agent</c>, <c>grpc-*</c>, …) are set by
/// the channel and skipped here.
/// </param>
/// <param name="Deadline">
/// When the call must be over, in UTC (a local time is converted). Sent to the server as
/// <c>grpc-timeout</c> and enforced locally too: once it passes, the call fails with
/// DEADLINE_EXCEEDED even if the server never answers. Null or
/// <see cref="DateTime.MaxValue"/> for none.
/// </param>
/// <param name="CancellationToken">Cancels the call: the HTTP/2 stream is reset and pending operations throw CANCELLED.</param>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default)
{
    /// <summary>
    /// Compression of this call's request messages: "gzip", "identity", or null (the
    /// default) for <see cref="GrpcChannelOptions.Compression"/>.
    /// </summary>
    public string? Compression { get; init; }

    /// <summary>
    /// How long large <c>bytes</c> fields of this call's streamed response messages stay
    /// valid: <see cref="PayloadLifetime.Owned"/> (the default) or
    /// <see cref="PayloadLifetime.UntilNextRead"/> for a reader that consumes each message
    /// before it reads the next. Single responses are always owned.
    /// </summary>
    public PayloadLifetime ResponsePayloads { get; init; }
}
