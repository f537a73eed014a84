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

    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT or RESOURCE_EXHAUSTED naming the broken rule.</exception>
    public static void Validate(MediaSpec spec, string idempotencyKey, MediaOptions options)
    {
        if (spec.DisplayName.Length > options.MaxDisplayNameLength)
        {
            throw MediaErrors.InvalidArgument($"display_name is longer than {options.MaxDisplayNameLength} characters.");
        }

        if (spec.DisplayName.Any(char.IsControl))
        {
            throw MediaErrors.InvalidArgument("display_name must not contain control characters.");
        }

        if (spec.ContentType.Length > 255 || spec.ContentType.Any(c => c < 0x20 || c > 0x7E))
        {
            throw MediaErrors.InvalidArgument("content_type must be printable ASCII of at most 255 characters.");
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
