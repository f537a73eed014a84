using MediaGrpc.Rpc.Internal;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Framing;

/// <summary>grpc-message percent-encoding: UTF-8, '%' escaped, malformed escapes kept.</summary>
public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n", "%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A")]
    public void Encodes_and_decodes_back(string text, string encoded)
    {
        Assert.Equal(encoded, PercentEncoding.Encode(text));
        Assert.Equal(text, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%ZZ")]
    [InlineData("50% off")]
    public void Malformed_escapes_are_kept_as_they_are(string value) => Assert.Equal(value, PercentEncoding.Decode(value));
}
