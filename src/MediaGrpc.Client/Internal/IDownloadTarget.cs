using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client.Internal;

/// <summary>
/// Where a download's bytes go, and what it already holds: the offset and etag a resumed
/// call asks for. Calls are sequential: Prepare, then per call Begin and Writes, then
/// Complete once.
/// </summary>
internal interface IDownloadTarget : IAsyncDisposable
{
    /// <summary>Bytes held, from the media's start: where the next call reads from.</summary>
    long Offset { get; }

    /// <summary>The etag the held bytes belong to; null when nothing is held.</summary>
    string? Etag { get; }

    /// <summary>Finds what is already held (e.g. a <c>.part</c> file), before each call.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>A call's header arrived: get ready to append from <see cref="Offset"/>.</summary>
    Task BeginAsync(DownloadHeader header, CancellationToken cancellationToken);

    /// <summary>Appends bytes at <see cref="Offset"/>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Every byte arrived: verify the SHA-256 and publish the result.</summary>
    /// <exception cref="Grpc.Core.RpcException">DATA_LOSS when the bytes do not match the header's SHA-256; nothing is kept.</exception>
    Task<DownloadedMedia> CompleteAsync(DownloadHeader header, CancellationToken cancellationToken);

    /// <summary>Drops everything held (the media changed): the next call starts from 0.</summary>
    Task DiscardAsync();
}
