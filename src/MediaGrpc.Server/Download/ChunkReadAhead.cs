using System.Buffers;
using System.Threading.Channels;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Download;

/// <summary>
/// Reads a media range from the store ahead of the sender, into at most
/// <c>slots</c> pooled buffers of one chunk each, so reading from storage and writing to
/// the client overlap while the memory of one stream stays bounded by configuration:
/// a client that stops reading stops the sender, which stops taking chunks, which stops
/// the reader once every slot is full. Reads are bound to the media's ETag, so bytes of
/// two versions never mix. Disposing stops the reader and returns every buffer at once.
/// </summary>
/// <remarks>
/// Rule: the range is read in segments of one window (chunk size × slots), each opened anew under
/// the ETag (If-Match). An open read stream keeps serving the version it opened even after
/// the blob is deleted or replaced (an unlinked file on disk, a started GET on Azure), so the
/// re-check at every segment is what bounds how much of a deleted or replaced media still
/// goes out after the change: at most one segment plus the slots already filled, two windows.
/// </remarks>
internal sealed class ChunkReadAhead : IAsyncDisposable
{
    private readonly Channel<ReadAheadChunk> _chunks = Channel.CreateUnbounded<ReadAheadChunk>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop;
    private readonly DownloadMetrics _metrics;
    private readonly IBlobStore _store;
    private readonly string _blobName;
    private readonly string? _etag;
    private readonly int _chunkSize;
    private readonly long _segmentBytes;
    private Task _reader = Task.CompletedTask;

    private ChunkReadAhead(IBlobStore store, string blobName, string? etag, int chunkSize, int slots, DownloadMetrics metrics, CancellationToken cancellationToken)
    {
        _store = store;
        _blobName = blobName;
        _etag = etag;
        _chunkSize = chunkSize;
        _segmentBytes = (long)chunkSize * slots;
        _slots = new SemaphoreSlim(slots, slots);
        _metrics = metrics;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>
    /// Opens the store's read stream of the first segment of [<paramref name="offset"/>,
    /// <paramref name="end"/>) now, so a missing or changed blob fails the caller before
    /// anything is sent, then starts reading ahead.
    /// </summary>
    public static async Task<ChunkReadAhead> StartAsync(
        IBlobStore store,
        string blobName,
        string? etag,
        long offset,
        long end,
        int chunkSize,
        int slots,
        DownloadMetrics metrics,
        CancellationToken cancellationToken)
    {
        var readAhead = new ChunkReadAhead(store, blobName, etag, chunkSize, slots, metrics, cancellationToken);
        Stream first;
        try
        {
            first = await readAhead.OpenSegmentAsync(offset, end, readAhead._stop.Token);
        }
        catch
        {
            await readAhead.DisposeAsync();
            throw;
        }

        readAhead._reader = readAhead.ReadAsync(first, offset, end);
        return readAhead;
    }

    /// <summary>The next chunk in offset order, or null after the last; give it back with <see cref="Release"/>.</summary>
    public async ValueTask<ReadAheadChunk?> NextAsync(CancellationToken cancellationToken)
    {
        while (await _chunks.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_chunks.Reader.TryRead(out var chunk))
            {
                return chunk;
            }
        }

        return null;
    }

    /// <summary>Returns a chunk's buffer, freeing its slot for the reader.</summary>
    public void Release(ReadAheadChunk chunk)
    {
        Return(chunk.Buffer);
        _slots.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
            // The reader's failure already reached the sender through the channel, or nobody waits for it any more.
        }

        while (_chunks.Reader.TryRead(out var chunk))
        {
            Return(chunk.Buffer);
        }

        _stop.Dispose();
        _slots.Dispose();
    }

    private async Task ReadAsync(Stream first, long offset, long end)
    {
        var cancellationToken = _stop.Token;
        var segment = first;
        try
        {
            while (true)
            {
                var segmentEnd = Math.Min(end, offset + _segmentBytes);
                await using (segment)
                {
                    offset = await ReadSegmentAsync(segment, offset, segmentEnd, cancellationToken);
                }

                if (offset >= end)
                {
                    break;
                }

                segment = await OpenSegmentAsync(offset, end, cancellationToken);
            }

            _chunks.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            _chunks.Writer.TryComplete(exception);
            throw;
        }
    }

    /// <summary>Opens [offset, offset + one segment) under the ETag; throws when the blob is gone or changed.</summary>
    private Task<Stream> OpenSegmentAsync(long offset, long end, CancellationToken cancellationToken) =>
        _store.OpenReadAsync(_blobName, offset, Math.Min(end - offset, _segmentBytes), _etag, cancellationToken);

    /// <summary>Reads one open segment into slots, in chunks; returns the offset after it.</summary>
    private async Task<long> ReadSegmentAsync(Stream stream, long offset, long segmentEnd, CancellationToken cancellationToken)
    {
        while (offset < segmentEnd)
        {
            await _slots.WaitAsync(cancellationToken);
            var buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
            _metrics.BufferRented(buffer.Length);
            int read;
            try
            {
                var want = (int)Math.Min(_chunkSize, segmentEnd - offset);
                read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    throw new InvalidOperationException($"Blob {_blobName} ended at {offset}, before the expected {segmentEnd}.");
                }
            }
            catch
            {
                Return(buffer);
                throw;
            }

            // Never fails: the channel is unbounded and only this reader completes it; the slots bound it.
            _chunks.Writer.TryWrite(new ReadAheadChunk(offset, buffer, read));
            offset += read;
        }

        return offset;
    }

    private void Return(byte[] buffer)
    {
        _metrics.BufferReturned(buffer.Length);
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
