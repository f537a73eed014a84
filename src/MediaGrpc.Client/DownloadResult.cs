using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client;

/// <summary>A finished download: the header the server sent first, and the bytes written.</summary>
public sealed record DownloadResult(DownloadHeader Header, long BytesWritten);
