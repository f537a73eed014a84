using System.Text;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Media;

namespace MediaGrpc.Server.Upload;

/// <summary>The rules a new upload's MediaSpec must meet before any byte is accepted.</summary>
internal static class MediaSpecValidator
{
    private const int Sha256Length = 32;
    private const int MaxIdempotencyKeyLength = 128;
    private const int MaxMetadataKeyLength = 128;

    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT or RESOURCE_EXHAUSTED naming the broken rule.</exception>
    public static void Validate(MediaSpec spec, string idempotencyKey, MediaOptions options)
    {
        if (spec.DisplayName.Length > options.MaxDisplayNameLength)
        {
            throw MediaErrors.InvalidArgument($"display_name is longer than {options.MaxDisplayNameLength} characters.");
        }

        if (!DisplayTextRule.IsAllowed(spec.DisplayName, allowLineBreaks: false))
        {
            throw MediaErrors.InvalidArgument("display_name must not contain control characters or bidirectional override characters.");
        }

        if (spec.ContentType.Length > 0 && !ContentTypeRule.IsValid(spec.ContentType))
        {
            throw MediaErrors.InvalidArgument(
                $"content_type must be a media type such as 'video/mp4; codecs=\"avc1.42E01E\"' (RFC 9110), in at most {ContentTypeRule.MaxLength} printable ASCII characters.");
        }

        foreach (var (key, value) in spec.CustomMetadata)
        {
            if (key.Length is 0 or > MaxMetadataKeyLength || !DisplayTextRule.IsAllowed(key, allowLineBreaks: false))
            {
                throw MediaErrors.InvalidArgument(
                    $"custom_metadata keys must be 1 to {MaxMetadataKeyLength} characters without control or bidirectional override characters.");
            }

            if (!DisplayTextRule.IsAllowed(value, allowLineBreaks: true))
            {
                throw MediaErrors.InvalidArgument(
                    "custom_metadata values must not contain control characters other than tab and line breaks, or bidirectional override characters.");
            }
        }

        if (!Enum.IsDefined(spec.Kind))
        {
            throw MediaErrors.InvalidArgument($"kind {(int)spec.Kind} is not a known MediaKind.");
        }

        if (spec.HasDeclaredSize)
        {
            if (spec.DeclaredSize <= 0)
            {
                throw MediaErrors.InvalidArgument("declared_size must be positive: empty media are not accepted.");
            }

            if (spec.DeclaredSize > options.MaxMediaSize)
            {
                throw MediaErrors.LimitExceeded("max_media_size", options.MaxMediaSize, spec.DeclaredSize);
            }
        }

        if (!spec.Sha256.IsEmpty && spec.Sha256.Length != Sha256Length)
        {
            throw MediaErrors.InvalidArgument($"sha256 must be {Sha256Length} bytes, not {spec.Sha256.Length}.");
        }

        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw MediaErrors.InvalidArgument($"idempotency_key is longer than {MaxIdempotencyKeyLength} characters.");
        }

        var metadataSize = Encoding.UTF8.GetByteCount(spec.DisplayName) + spec.Thumbnail.Length;
        foreach (var (key, value) in spec.CustomMetadata)
        {
            metadataSize += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (metadataSize > options.MaxMetadataSize)
        {
            throw MediaErrors.LimitExceeded("max_metadata_size", options.MaxMetadataSize, metadataSize);
        }
    }
}
