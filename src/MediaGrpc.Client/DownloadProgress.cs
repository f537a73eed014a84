namespace MediaGrpc.Client;

/// <summary>How far a download is: bytes held (including any resumed part) out of the total.</summary>
/// <param name="BytesReceived">Bytes of the media the destination holds, from its start.</param>
/// <param name="TotalBytes">The media's size, from the header.</param>
public readonly record struct DownloadProgress(long BytesReceived, long TotalBytes);
