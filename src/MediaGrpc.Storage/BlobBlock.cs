namespace MediaGrpc.Storage;

/// <summary>A block of a block blob as Get Block List reports it: its base64 ID and size in bytes.</summary>
public sealed record BlobBlock(string Id, long Size);
