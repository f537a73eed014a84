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
/// Rule: one read stream serves the whole range, opened under the ETag (If-Match), and the
/// ETag is checked again after every check interval (<see cref="ReadAheadWindow.CheckBytes"/>)
/// before more is read. An open stream keeps serving the version it opened even after the
/// blob is deleted or replaced (an unlinked file on disk, a started GET on Azure), so these
/// checks are what bound how much of a deleted or replaced media still goes out after the
/// change: the first check that starts after it fails, and at most one interval is read
/// before that check (the rest of the interval being read, or the whole next one when a
/// check that started before the change passed), on top of the slots already filled:
/// <see cref="ReadAheadWindow.MostBytesAfterChange"/>. A check is a properties request (a
/// HEAD on Azure) between two intervals; the filled slots keep the sender busy meanwhile.
/// Reopening a ranged GET per interval instead cost Azurite about 10 ms each and halved
/// download throughput; checking beside the reading (the next interval read while the
/// check runs) needed twice as many checks for the same bound.
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
    private readonly long _checkBytes;
    private Task _reader = Task.CompletedTask;

    private ChunkReadAhead(IBlobStore store, string blobName, string? etag, ReadAheadWindow window, DownloadMetrics metrics, CancellationToken cancellationToken)
    {
        _store = store;
        _blobName = blobName;
        _etag = etag;
        _chunkSize = window.ChunkSize;
        _checkBytes = window.CheckBytes;
        _slots = new SemaphoreSlim(window.Slots, window.Slots);
        _metrics = metrics;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>
    /// Opens the store's read stream of [<paramref name="offset"/>, <paramref name="end"/>)
    /// now, so a missing or changed blob fails the caller before anything is sent, then
    /// starts reading ahead.
    /// </summary>
    public static async Task<ChunkReadAhead> StartAsync(
        IBlobStore store,
        string blobName,
        string? etag,
        long offset,
        long end,
        ReadAheadWindow window,
        DownloadMetrics metrics,
        CancellationToken cancellationToken)
    {
        var readAhead = new ChunkReadAhead(store, blobName, etag, window, metrics, cancellationToken);
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(blobName, offset, end - offset, etag, readAhead._stop.Token);
        }
        catch
        {
            await readAhead.DisposeAsync();
            throw;
        }

        readAhead._reader = readAhead.ReadAsync(stream, offset, end);
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

    private async Task ReadAsync(Stream stream, long offset, long end)
    {
        var cancellationToken = _stop.Token;
        try
        {
            await using (stream)
            {
                while (offset < end)
                {
                    offset = await ReadIntervalAsync(stream, offset, Math.Min(end, offset + _checkBytes), cancellationToken);

                    // None after the last interval: nothing more will be read, and the bound
                    // holds without it (a range of one interval is covered by the If-Match open).
                    if (_etag is not null && offset < end)
                    {
                        await CheckEtagAsync(cancellationToken);
                    }
                }
            }

            _chunks.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            _chunks.Writer.TryComplete(exception);
            throw;
        }
    }

    /// <summary>Throws as an If-Match read would when the blob is gone or has another ETag now.</summary>
    private async Task CheckEtagAsync(CancellationToken cancellationToken)
    {
        var properties = await _store.GetPropertiesAsync(_blobName, cancellationToken);
        if (properties?.ETag != _etag)
        {
            throw new BlobStoreException(
                $"Blob {_blobName} no longer has ETag {_etag}.", System.Net.HttpStatusCode.PreconditionFailed, BlobErrorCodes.ConditionNotMet);
        }
    }

    /// <summary>Reads one check interval of the stream into slots, in chunks; returns the offset after it.</summary>
    private async Task<long> ReadIntervalAsync(Stream stream, long offset, long intervalEnd, CancellationToken cancellationToken)
    {
        while (offset < intervalEnd)
        {
            await _slots.WaitAsync(cancellationToken);
            var buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
            _metrics.BufferRented(buffer.Length);
            int read;
            try
            {
                var want = (int)Math.Min(_chunkSize, intervalEnd - offset);
                read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    throw new InvalidOperationException($"Blob {_blobName} ended at {offset}, before the expected {intervalEnd}.");
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
