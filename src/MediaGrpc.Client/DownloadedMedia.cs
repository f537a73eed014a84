using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client;

/// <summary>A finished, verified download.</summary>
/// <param name="Header">The header the server sent first (record, etag, sha256).</param>
/// <param name="ResumedFrom">Bytes already held when the download started (a resumed <c>.part</c>); 0 otherwise.</param>
/// <param name="FilePath">The completed file, for downloads to a file; otherwise null.</param>
/// <param name="Content">The media, for downloads to memory; otherwise empty.</param>
public sealed record DownloadedMedia(DownloadHeader Header, long ResumedFrom, string? FilePath, ReadOnlyMemory<byte> Content);
