using MediaGrpc.Server.Download;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// The read-ahead window: slots × chunk never exceeds the configured bytes, and the etag
/// check interval is whole chunks, so the bound after a change is what the docs state.
/// </summary>
public sealed class ReadAheadWindowTests
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(256 * 1024, 4 * MiB, 8 * MiB, 256 * 1024, 16, 32)]
    [InlineData(2 * MiB, 4 * MiB, 8 * MiB, 2 * MiB, 2, 4)]
    [InlineData(2 * MiB, MiB, 8 * MiB, MiB, 1, 8)]
    [InlineData(100_000, 250_000, 250_000, 100_000, 2, 2)]
    [InlineData(MiB, 4 * MiB, 1024, MiB, 4, 1)]
    public void Window_holds_whole_chunks_within_the_configured_bytes(int chunk, int window, int check, int expectedChunk, int expectedSlots, int expectedChunksPerCheck)
    {
        var result = ReadAheadWindow.For(chunk, window, check);

        Assert.Equal(expectedChunk, result.ChunkSize);
        Assert.Equal(expectedSlots, result.Slots);
        Assert.Equal(expectedChunksPerCheck, result.ChunksPerCheck);
        Assert.True((long)result.ChunkSize * result.Slots <= window);
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(256 * 1024)]
    [InlineData(MiB)]
    [InlineData(2 * MiB)]
    public void Default_settings_send_at_most_12_MiB_after_a_change_whatever_the_chunk_size(int chunk)
    {
        var defaults = new MediaGrpc.Server.Media.MediaOptions();

        var window = ReadAheadWindow.For(chunk, defaults.DownloadReadAheadBytes, defaults.DownloadEtagCheckBytes);

        Assert.Equal(12 * MiB, window.MostBytesAfterChange);
    }
}
