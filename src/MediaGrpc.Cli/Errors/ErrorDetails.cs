using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Cli.Errors;

/// <summary>The typed error details of errors.proto (and google.rpc.RetryInfo), as the few words a person needs to recover.</summary>
internal static class ErrorDetails
{
    /// <summary>The detail messages this tool knows, for printing them as JSON.</summary>
    public static TypeRegistry Registry { get; } = TypeRegistry.FromMessages(
        OffsetMismatch.Descriptor, ChecksumMismatch.Descriptor, SizeMismatch.Descriptor, LimitExceeded.Descriptor, TransferCancelled.Descriptor,
        Google.Rpc.RetryInfo.Descriptor);

    public static string Describe(IReadOnlyList<Any> details)
    {
        var parts = new List<string>(details.Count);
        foreach (var any in details)
        {
            if (Describe(any) is { } text)
            {
                parts.Add(text);
            }
        }

        return string.Join("; ", parts);
    }

    private static string? Describe(Any any)
    {
        if (any.Is(OffsetMismatch.Descriptor))
        {
            var detail = any.Unpack<OffsetMismatch>();
            return Invariant($"persisted offset {detail.PersistedOffset}, requested {detail.RequestedOffset}");
        }

        if (any.Is(LimitExceeded.Descriptor))
        {
            var detail = any.Unpack<LimitExceeded>();
            return Invariant($"limit {detail.Limit}: maximum {detail.Maximum}, requested {detail.Requested}");
        }

        if (any.Is(SizeMismatch.Descriptor))
        {
            var detail = any.Unpack<SizeMismatch>();
            return Invariant($"declared size {detail.DeclaredSize}, received {detail.ActualSize}");
        }

        if (any.Is(ChecksumMismatch.Descriptor))
        {
            var detail = any.Unpack<ChecksumMismatch>();
            return Invariant($"{detail.Algorithm} mismatch at offset {detail.Offset}");
        }

        if (any.Is(Google.Rpc.RetryInfo.Descriptor))
        {
            // A rate-limited call: the server says when the next one may succeed.
            var detail = any.Unpack<Google.Rpc.RetryInfo>();
            return Invariant($"retry after {detail.RetryDelay.ToTimeSpan().TotalSeconds:0.###} s");
        }

        if (any.Is(TransferCancelled.Descriptor))
        {
            var detail = any.Unpack<TransferCancelled>();
            return $"transfer {detail.TransferId} cancelled on replica {detail.Replica} ({detail.Reason})";
        }

        return null;
    }

    /// <summary>A detail as proto3 JSON, with its <c>@type</c>; unknown types by type URL only.</summary>
    public static string ToJson(Any any, JsonFormatter formatter) =>
        Registry.Find(Any.GetTypeName(any.TypeUrl)) is not null
            ? formatter.Format(any)
            : "{\"@type\":" + System.Text.Json.JsonSerializer.Serialize(any.TypeUrl) + "}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
