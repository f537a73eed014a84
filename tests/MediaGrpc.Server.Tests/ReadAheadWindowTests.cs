using MediaGrpc.Server.Download;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>The read-ahead window: slots × chunk never exceeds the configured bytes.</summary>
public sealed class ReadAheadWindowTests
{
    [Theory]
    [InlineData(256 * 1024, 4 * 1024 * 1024, 256 * 1024, 16)]
    [InlineData(2 * 1024 * 1024, 4 * 1024 * 1024, 2 * 1024 * 1024, 2)]
    [InlineData(2 * 1024 * 1024, 1024 * 1024, 1024 * 1024, 1)]
    [InlineData(100_000, 250_000, 100_000, 2)]
    public void Window_holds_whole_chunks_within_the_configured_bytes(int chunk, int window, int expectedChunk, int expectedSlots)
    {
        var result = ReadAheadWindow.For(chunk, window);

        Assert.Equal(expectedChunk, result.ChunkSize);
        Assert.Equal(expectedSlots, result.Slots);
        Assert.True((long)result.ChunkSize * result.Slots <= window);
    }
}
