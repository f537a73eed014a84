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
internal sealed class ChunkReadAhead : IAsyncDisposable
{
    private readonly Channel<ReadAheadChunk> _chunks = Channel.CreateUnbounded<ReadAheadChunk>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop;
    private readonly DownloadMetrics _metrics;
    private readonly int _chunkSize;
    private Task _reader = Task.CompletedTask;

    private ChunkReadAhead(int chunkSize, int slots, DownloadMetrics metrics, CancellationToken cancellationToken)
    {
        _chunkSize = chunkSize;
        _slots = new SemaphoreSlim(slots, slots);
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
        int chunkSize,
        int slots,
        DownloadMetrics metrics,
        CancellationToken cancellationToken)
    {
        var readAhead = new ChunkReadAhead(chunkSize, slots, metrics, cancellationToken);
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

        readAhead._reader = readAhead.ReadAsync(stream, blobName, offset, end);
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

    private async Task ReadAsync(Stream stream, string blobName, long offset, long end)
    {
        var cancellationToken = _stop.Token;
        try
        {
            await using (stream)
            {
                while (offset < end)
                {
                    await _slots.WaitAsync(cancellationToken);
                    var buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
                    _metrics.BufferRented(buffer.Length);
                    int read;
                    try
                    {
                        var want = (int)Math.Min(_chunkSize, end - offset);
                        read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken);
                        if (read == 0)
                        {
                            throw new InvalidOperationException($"Blob {blobName} ended at {offset}, before the expected {end}.");
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
            }

            _chunks.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            _chunks.Writer.TryComplete(exception);
            throw;
        }
    }

    private void Return(byte[] buffer)
    {
        _metrics.BufferReturned(buffer.Length);
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
