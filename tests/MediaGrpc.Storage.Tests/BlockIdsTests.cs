using MediaGrpc.Storage.Internal;

namespace MediaGrpc.Storage.Tests;

public sealed class BlockIdsTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(4L * 1024 * 1024)]
    [InlineData(long.MaxValue)]
    public void Block_ids_are_url_safe_fixed_width_and_decode_back_to_the_offset(long offset)
    {
        var id = BlockIds.FromOffset(offset);

        Assert.Equal(BlockIds.EncodedLength, id.Length);
        Assert.True(id.All(char.IsAsciiLetterOrDigit));
        Assert.True(BlockIds.TryGetOffset(id, out var decoded));
        Assert.Equal(offset, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4")]
    public void Foreign_block_ids_are_not_offsets(string id) => Assert.False(BlockIds.TryGetOffset(id, out _));
}
