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
}
