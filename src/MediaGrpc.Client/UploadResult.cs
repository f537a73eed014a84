using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client;

/// <summary>A finished upload: its ID and the media it became.</summary>
public sealed record UploadResult(string UploadId, MediaRecord Media);
