using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RichStatus = MediaGrpc.Rpc.Protos.Google.Rpc.Status;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Writes and reads a call's status as header fields: <c>grpc-status</c>,
/// percent-encoded <c>grpc-message</c>, and typed details as a google.rpc.Status in
/// <c>grpc-status-details-bin</c>. Used for trailers, and for headers in a
/// trailers-only response.
/// </summary>
internal static class StatusTrailers
{
    /// <summary>Emits the status fields through <paramref name="add"/>.</summary>
    public static void Write(Status status, Action<string, string> add)
    {
        add(GrpcProtocol.StatusHeader, ((int)status.Code).ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            add(GrpcProtocol.MessageHeader, PercentEncoding.Encode(status.Detail));
        }

        if (status.Details is { Count: > 0 } details)
        {
            var rich = new RichStatus { Code = (int)status.Code, Message = status.Detail };
            foreach (var detail in details)
            {
                rich.Details.Add(detail as Any ?? Any.Pack(detail));
            }

            add(GrpcProtocol.StatusDetailsHeader, Convert.ToBase64String(rich.ToByteArray()));
        }
    }

    /// <summary>
    /// Reads the status from fields looked up through <paramref name="get"/>; null when
    /// there is no <c>grpc-status</c>. Details arrive as <see cref="Any"/> messages.
    /// </summary>
    public static Status? Read(Func<string, string?> get)
    {
        var code = get(GrpcProtocol.StatusHeader);
        if (code is null)
        {
            return null;
        }

        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return new Status(StatusCode.Unknown, $"Invalid grpc-status '{code}'.");
        }

        var message = get(GrpcProtocol.MessageHeader);
        var detail = message is null ? string.Empty : PercentEncoding.Decode(message);
        IReadOnlyList<IMessage>? details = null;
        var encoded = get(GrpcProtocol.StatusDetailsHeader);
        if (!string.IsNullOrEmpty(encoded))
        {
            try
            {
                var rich = RichStatus.Parser.ParseFrom(MetadataCodec.DecodeBase64(GrpcProtocol.StatusDetailsHeader, encoded));
                details = [.. rich.Details];
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or RpcException)
            {
                // Details are an optional extra: a peer's malformed details never hide its status.
                details = null;
            }
        }

        return new Status((StatusCode)value, detail, details);
    }
}
