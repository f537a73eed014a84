using System.Buffers;
using System.Globalization;
using System.Numerics;
using MediaGrpc.Redis.Internal;
using MediaGrpc.Redis.Tests.Internal;

namespace MediaGrpc.Redis.Tests;

public sealed class RespValueTests
{
    [Fact]
    public void Numbers_are_read_from_integer_replies_and_from_strings_holding_them()
    {
        Assert.Equal(42, Parse(":42\r\n").AsInt64());
        Assert.Equal(-17, Parse("$3\r\n-17\r\n").AsInt64());
        Assert.Equal(2.5, Parse("$3\r\n2.5\r\n").AsDouble());
        Assert.Equal(7.0, Parse(":7\r\n").AsDouble());
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890", CultureInfo.InvariantCulture), Parse("(123456789012345678901234567890\r\n").AsBigInteger());
    }

    [Fact]
    public void Booleans_are_read_from_RESP3_booleans_and_RESP2_zero_or_one()
    {
        Assert.True(Parse("#t\r\n").AsBoolean());
        Assert.True(Parse(":1\r\n").AsBoolean());
        Assert.False(Parse(":0\r\n").AsBoolean());
        Assert.Throws<InvalidCastException>(() => Parse(":2\r\n").AsBoolean());
    }

    [Fact]
    public void Reading_a_reply_as_the_wrong_type_throws_InvalidCastException()
    {
        Assert.Throws<InvalidCastException>(() => Parse("$3\r\nabc\r\n").AsInt64());
        Assert.Throws<InvalidCastException>(() => Parse("*0\r\n").AsString());
        Assert.Throws<InvalidCastException>(() => Parse("_\r\n").AsInt64());
    }

    [Theory]
    [InlineData("_\r\n")]
    [InlineData("$-1\r\n")]
    [InlineData("*-1\r\n")]
    public void Nulls_of_every_protocol_version_read_as_null_strings(string wire)
    {
        var value = Parse(wire);

        Assert.True(value.IsNull);
        Assert.Null(value.AsString());
        Assert.False(value.IsAggregate);
    }

    [Fact]
    public void Errors_are_flagged_as_errors()
    {
        Assert.True(Parse("-ERR x\r\n").IsError);
        Assert.True(Parse("!1\r\nx\r\n").IsError);
        Assert.False(Parse("+ERR\r\n").IsError);
    }

    [Theory]
    [InlineData("ERR unknown command", "ERR")]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", "WRONGTYPE")]
    [InlineData("NOSCRIPT No matching script", "NOSCRIPT")]
    [InlineData("lowercase text without a code", "ERR")]
    [InlineData("", "ERR")]
    public void Server_exception_prefix_is_the_leading_error_code(string message, string prefix)
    {
        Assert.Equal(prefix, new RedisServerException(message).Prefix);
    }

    private static RespValue Parse(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(RespSamples.Bytes(wire));
        Assert.True(RespReader.TryRead(ref buffer, RespReaderLimits.Default, out var value));
        return value;
    }
}
