using Google.Protobuf;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Download;

/// <summary>
/// Sends a media range in chunks, read ahead by a <see cref="ChunkReadAhead"/> bounded to
/// <see cref="ReadAheadWindow.Slots"/> buffers. Each chunk's bytes are wrapped, not copied,
/// into the message, which is serialized into the response before the buffer goes back.
/// While paused it holds neither buffers nor the store's read stream. Disposing releases a
/// prepared read that was never sent (the call failed between the two).
/// </summary>
internal sealed class ChunkSender(
    IBlobStore store,
    string blobName,
    string? etag,
    ReadRange range,
    ReadAheadWindow window,
    DownloadMetrics metrics) : IAsyncDisposable
{
    private ChunkReadAhead? _prepared;

    /// <summary>Offset of the next byte to send.</summary>
    public long NextOffset { get; private set; } = range.Offset;

    /// <summary>Bytes sent so far.</summary>
    public long BytesSent => NextOffset - range.Offset;

    /// <summary>
    /// Opens the store's read stream and starts reading ahead, so that a missing or changed
    /// blob fails before the caller sends anything. Optional: <see cref="SendAsync"/> opens it otherwise.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_prepared is null && NextOffset < range.End)
        {
            _prepared = await StartAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Sends chunks until the range is done. When <paramref name="pauseRequested"/> turns
    /// true, every buffer and the store stream are released first, then
    /// <paramref name="whilePaused"/> runs (it returns when resumed), then reading goes on
    /// from a freshly opened stream, bound to the same ETag.
    /// </summary>
    public async Task SendAsync(
        Func<long, ByteString, Task> sendChunk,
        Func<bool>? pauseRequested,
        Func<long, Task>? whilePaused,
        CancellationToken cancellationToken)
    {
        while (NextOffset < range.End)
        {
            if (_prepared is null && pauseRequested?.Invoke() == true && whilePaused is not null)
            {
                await whilePaused(NextOffset);
            }

            var readAhead = _prepared ?? await StartAsync(cancellationToken);
            _prepared = null;
            await using (readAhead)
            {
                while (NextOffset < range.End && pauseRequested?.Invoke() != true)
                {
                    var chunk = await readAhead.NextAsync(cancellationToken)
                        ?? throw new InvalidOperationException($"Blob {blobName} ended at {NextOffset}, before the expected {range.End}.");
                    try
                    {
                        await sendChunk(chunk.Offset, UnsafeByteOperations.UnsafeWrap(chunk.Data));
                    }
                    finally
                    {
                        readAhead.Release(chunk);
                    }

                    NextOffset += chunk.Length;
                    metrics.Sent(chunk.Length);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_prepared is not null)
        {
            await _prepared.DisposeAsync();
            _prepared = null;
        }
    }

    private Task<ChunkReadAhead> StartAsync(CancellationToken cancellationToken) =>
        ChunkReadAhead.StartAsync(store, blobName, etag, NextOffset, range.End, window, metrics, cancellationToken);
}
