using MediaGrpc.Server.Upload;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>CRC-32C against the test vectors of RFC 3720, appendix B.4.</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Thirty_two_zero_bytes() => Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));

    [Fact]
    public void Thirty_two_ff_bytes() => Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));

    [Fact]
    public void Thirty_two_incrementing_bytes() => Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));

    [Fact]
    public void Check_string() => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Every_length_and_alignment_matches_the_bitwise_definition()
    {
        var data = new byte[300];
        new Random(3720).NextBytes(data);
        for (var start = 0; start < 8; start++)
        {
            for (var length = 0; length <= data.Length - start; length += 7)
            {
                var span = data.AsSpan(start, length);
                Assert.Equal(Bitwise(span), Crc32C.Compute(span));
            }
        }
    }

    // The definition, one bit at a time: reflected CRC-32C with initial and final inversion.
    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
