using MediaGrpc.Rpc.Internal;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Framing;

/// <summary>The grpc-timeout header: every unit, the 8-digit cap, malformed values.</summary>
public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 3_600_000d)]
    [InlineData("2M", 120_000d)]
    [InlineData("3S", 3_000d)]
    [InlineData("250m", 250d)]
    [InlineData("1500u", 1.5d)]
    [InlineData("2000000n", 2d)]
    [InlineData("99999999S", 99_999_999_000d)]
    public void Valid_timeouts_parse_to_their_duration(string value, double milliseconds)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(milliseconds, timeout.TotalMilliseconds, precision: 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void Malformed_timeouts_are_refused(string value) => Assert.False(GrpcTimeout.TryParse(value, out _));

    [Theory]
    [InlineData(0.25)]
    [InlineData(1)]
    [InlineData(3600)]
    [InlineData(86_400 * 400)]
    public void Formatted_timeouts_parse_back_to_at_least_the_same_duration(double seconds)
    {
        var timeout = TimeSpan.FromSeconds(seconds);
        var header = GrpcTimeout.Format(timeout);

        Assert.True(header.Length <= 9, header);
        Assert.True(GrpcTimeout.TryParse(header, out var parsed));
        Assert.True(parsed >= timeout, $"{header} -> {parsed}");
    }
}
