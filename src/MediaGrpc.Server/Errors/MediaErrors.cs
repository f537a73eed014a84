using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Errors;

/// <summary>
/// Every failure the media services report, built in one place, with the status code
/// and structured details the contract (protos/mediagrpc/v1/errors.proto) promises. The
/// details travel as a google.rpc.Status in <c>grpc-status-details-bin</c> (Grpc.StatusProto).
/// </summary>
internal static class MediaErrors
{
    public static RpcException InvalidArgument(string detail) => Plain(StatusCode.InvalidArgument, detail);

    /// <summary>
    /// A media, upload or transfer ID that is not 22 characters of URL-safe base64. The value is
    /// never echoed: it may be megabytes long or hold line breaks, and status details are logged.
    /// </summary>
    public static RpcException MalformedId(string field) =>
        Plain(StatusCode.InvalidArgument, $"{field} is not a well-formed ID (22 characters of URL-safe base64).");

    public static RpcException MediaNotFound(string mediaId) =>
        Plain(StatusCode.NotFound, $"Media '{mediaId}' was not found, or has expired.");

    public static RpcException UploadNotFound(string uploadId) =>
        Plain(StatusCode.NotFound, $"Upload '{uploadId}' was not found, or has expired.");

    public static RpcException OffsetBeyondPersisted(long requested, long persisted) => With(
        StatusCode.OutOfRange,
        $"Chunk starts at offset {requested}, beyond the persisted offset {persisted}; resume from {persisted}.",
        new OffsetMismatch { RequestedOffset = requested, PersistedOffset = persisted });

    public static RpcException ReadOffsetOutOfRange(long requested, long size) => With(
        StatusCode.OutOfRange,
        $"Read offset {requested} is outside the media (size {size}).",
        new OffsetMismatch { RequestedOffset = requested, PersistedOffset = size });

    public static RpcException SizeMismatch(long declared, long actual) => With(
        StatusCode.FailedPrecondition,
        $"The upload holds {actual} bytes but {declared} were declared; nothing was committed.",
        new SizeMismatch { DeclaredSize = declared, ActualSize = actual });

    public static RpcException MoreThanDeclared(long declared, long actual) => With(
        StatusCode.InvalidArgument,
        $"The upload sent {actual} bytes, more than the {declared} declared.",
        new SizeMismatch { DeclaredSize = declared, ActualSize = actual });

    public static RpcException Sha256Mismatch(ByteString expected, ByteString actual) => With(
        StatusCode.FailedPrecondition,
        "The media's SHA-256 does not match the one the client sent; nothing was committed.",
        new ChecksumMismatch { Algorithm = "sha256", Expected = expected, Actual = actual });

    public static RpcException ChunkCrc32CMismatch(long offset, uint expected, uint actual) => With(
        StatusCode.DataLoss,
        $"The chunk at offset {offset} does not match its crc32c; it was not written.",
        new ChecksumMismatch
        {
            Algorithm = "crc32c",
            Offset = offset,
            Expected = BigEndian(expected),
            Actual = BigEndian(actual),
        });

    public static RpcException LimitExceeded(string limit, long maximum, long requested) => With(
        StatusCode.ResourceExhausted,
        $"{limit} is {maximum}; the request needs {requested}.",
        new LimitExceeded { Limit = limit, Maximum = maximum, Requested = requested });

    /// <summary>
    /// A call over the owner's call rate: <c>LimitExceeded</c> (maximum: the burst) and
    /// google.rpc.RetryInfo, the wait until the owner's next token; the same wait as gRPC's
    /// <c>grpc-retry-pushback-ms</c>, which clients with a retry policy (gRFC A6: grpc-java,
    /// grpc-go, Grpc.Net.Client's service config) wait instead of their own backoff.
    /// </summary>
    public static RpcException CallRateExceeded(string limit, int tokensPerPeriod, TimeSpan period, int burst, TimeSpan retryAfter)
    {
        var refusal = CallRateStatus(limit, tokensPerPeriod, period, burst, retryAfter).ToRpcException();
        refusal.Trailers.Add(RetryPushbackTrailer, Math.Ceiling(retryAfter.TotalMilliseconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture));
        return refusal;
    }

    /// <summary>gRFC A6's server pushback: milliseconds until a retry may succeed.</summary>
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    private static Google.Rpc.Status CallRateStatus(string limit, int tokensPerPeriod, TimeSpan period, int burst, TimeSpan retryAfter) => new()
    {
        Code = (int)StatusCode.ResourceExhausted,
        Message = $"{limit} is {tokensPerPeriod} calls per {period.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s per owner, bursts of {burst}; retry after {retryAfter.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms.",
        Details =
        {
            Any.Pack(new LimitExceeded { Limit = limit, Maximum = burst, Requested = 1 }),
            Any.Pack(new Google.Rpc.RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }),
        },
    };

    public static RpcException EtagChanged(string mediaId) =>
        Plain(StatusCode.FailedPrecondition, $"Media '{mediaId}' no longer has the etag the download asked for.");

    public static RpcException StoreUnavailable() =>
        Plain(StatusCode.Unavailable, "Media storage is unavailable at the moment; retry with backoff (an upload resumes from its persisted offset).");

    /// <summary>A request message that is not valid protobuf (errors.proto: INTERNAL, a malformed gRPC frame).</summary>
    public static RpcException MalformedMessage() => Plain(StatusCode.Internal, "Failed to deserialize a message.");

    public static RpcException StoreFull() =>
        Plain(StatusCode.ResourceExhausted, "Media storage is full; bytes already acknowledged are kept: resume from the persisted offset once space is freed.");

    public static RpcException ConcurrentWriter(string uploadId) =>
        Plain(StatusCode.Aborted, $"Another stream is writing upload '{uploadId}'; retry after it ends.");

    public static RpcException BytesAlreadyCommitted(string uploadId, long size) =>
        Plain(StatusCode.FailedPrecondition, $"Upload '{uploadId}' already committed its {size} bytes; send 'finish' to complete it.");

    public static RpcException AlreadyComplete(string uploadId) =>
        Plain(StatusCode.FailedPrecondition, $"Upload '{uploadId}' is already complete.");

    public static RpcException TransferNotFound(string transferId) =>
        Plain(StatusCode.NotFound, $"Transfer '{transferId}' was not found, or has expired.");

    public static RpcException TransferNotControllable(string transferId, string reason) =>
        Plain(StatusCode.FailedPrecondition, $"Transfer '{transferId}' {reason}.");

    public static RpcException TransferCancelled(string transferId, string replica) => With(
        StatusCode.Cancelled,
        $"Transfer '{transferId}' was cancelled through TransferService.CancelTransfer.",
        new TransferCancelled { TransferId = transferId, Replica = replica, Reason = "cancel_transfer" });

    public static RpcException TransfersUnavailable() =>
        Plain(StatusCode.Unavailable, "The transfer registry is unreachable; retry shortly. Transfers in flight are unaffected.");

    private static ByteString BigEndian(uint value)
    {
        var bytes = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>A status without details, for failures whose code and message say it all.</summary>
    public static RpcException Plain(StatusCode code, string detail) => new(new Status(code, detail));

    private static RpcException With(StatusCode code, string detail, IMessage details) => new Google.Rpc.Status
    {
        Code = (int)code,
        Message = detail,
        Details = { Any.Pack(details) },
    }.ToRpcException();
}
