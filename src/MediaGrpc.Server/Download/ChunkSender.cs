using System.Buffers;
using Google.Protobuf;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Download;

/// <summary>
/// Reads a media range from the store and hands it out in chunks through one pooled
/// buffer. Each chunk's bytes are wrapped, not copied, into the message, which is
/// serialized into the response before the buffer is reused. While paused it holds
/// neither the buffer nor the store's read stream.
/// </summary>
internal sealed class ChunkSender(IBlobStore store, string blobName, ReadRange range, int chunkSize)
{
    /// <summary>Offset of the next byte to send.</summary>
    public long NextOffset { get; private set; } = range.Offset;

    /// <summary>Bytes sent so far.</summary>
    public long BytesSent => NextOffset - range.Offset;

    /// <summary>
    /// Sends chunks until the range is done. When <paramref name="pauseRequested"/> turns
    /// true, the buffer and store stream are released first, then
    /// <paramref name="whilePaused"/> runs (it returns when resumed), then reading goes on
    /// from a freshly opened stream.
    /// </summary>
    public async Task SendAsync(
        Func<long, ByteString, Task> sendChunk,
        Func<bool>? pauseRequested,
        Func<long, Task>? whilePaused,
        CancellationToken cancellationToken)
    {
        while (NextOffset < range.End)
        {
            if (pauseRequested?.Invoke() == true && whilePaused is not null)
            {
                await whilePaused(NextOffset);
            }

            var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
            try
            {
                await using var stream = await store.OpenReadAsync(blobName, NextOffset, range.End - NextOffset, cancellationToken);
                while (NextOffset < range.End && pauseRequested?.Invoke() != true)
                {
                    var want = (int)Math.Min(chunkSize, range.End - NextOffset);
                    var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken);
                    if (read == 0)
                    {
                        throw new InvalidOperationException($"Blob {blobName} ended at {NextOffset}, before the expected {range.End}.");
                    }

                    await sendChunk(NextOffset, UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)));
                    NextOffset += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
