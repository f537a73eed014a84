using System.Buffers;
using MediaGrpc.Redis.Internal;
using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests.Internal;

public sealed class RespReaderMalformedInputTests
{
    [Theory]
    [MemberData(nameof(RespSamples.MalformedNames), MemberType = typeof(RespSamples))]
    public void Malformed_reply_throws_a_protocol_exception_however_it_is_segmented(string sample)
    {
        var bytes = RespSamples.Bytes(RespSamples.Malformed[sample]);
        var buffers = new List<ReadOnlySequence<byte>>
        {
            new(bytes),
            SegmentedSequence.OneBytePerSegment(bytes),
        };
        for (var split = 0; split <= bytes.Length; split++)
        {
            buffers.Add(SegmentedSequence.SplitAt(bytes, split));
        }

        foreach (var buffer in buffers)
        {
            var remaining = buffer;
            Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref remaining, RespReaderLimits.Default, out _));
        }
    }

    [Fact]
    public void Bulk_string_over_the_limit_fails_from_its_header_before_the_payload_arrives()
    {
        var limits = RespReaderLimits.Default with { MaxBulkLength = 10 };

        Assert.True(Read("$10\r\n0123456789\r\n", limits));
        var error = Assert.Throws<RespProtocolException>(() => Read("$11\r\n", limits));
        Assert.Contains("11 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbatim_string_and_bulk_error_obey_the_bulk_limit_too()
    {
        var limits = RespReaderLimits.Default with { MaxBulkLength = 10 };

        Assert.Throws<RespProtocolException>(() => Read("=11\r\n", limits));
        Assert.Throws<RespProtocolException>(() => Read("!11\r\n", limits));
    }

    [Fact]
    public void Aggregate_over_the_count_limit_fails_from_its_header()
    {
        var limits = RespReaderLimits.Default with { MaxAggregateCount = 10 };

        Assert.True(Read("*10\r\n" + string.Concat(Enumerable.Repeat(":1\r\n", 10)), limits));
        Assert.Throws<RespProtocolException>(() => Read("*11\r\n", limits));
        Assert.Throws<RespProtocolException>(() => Read("~11\r\n", limits));
        Assert.Throws<RespProtocolException>(() => Read(">11\r\n", limits));
    }

    [Fact]
    public void Map_counts_keys_and_values_against_the_count_limit()
    {
        var limits = RespReaderLimits.Default with { MaxAggregateCount = 10 };

        Assert.False(Read("%5\r\n", limits));
        Assert.Throws<RespProtocolException>(() => Read("%6\r\n", limits));
        Assert.Throws<RespProtocolException>(() => Read("|6\r\n", limits));
    }

    [Fact]
    public void Aggregate_count_far_beyond_the_buffered_bytes_waits_for_data_instead_of_allocating()
    {
        Assert.False(Read("*16000000\r\n:1\r\n", RespReaderLimits.Default));
    }

    [Fact]
    public void Nesting_beyond_the_depth_limit_fails()
    {
        var limits = RespReaderLimits.Default with { MaxDepth = 2 };

        Assert.True(Read("*1\r\n*1\r\n:1\r\n", limits));
        Assert.Throws<RespProtocolException>(() => Read("*1\r\n*1\r\n*1\r\n:1\r\n", limits));
        Assert.Throws<RespProtocolException>(() => Read("*1\r\n%1\r\n~0\r\n:1\r\n", limits));
    }

    [Fact]
    public void Deeply_nested_garbage_fails_on_the_depth_limit_not_the_stack()
    {
        var wire = string.Concat(Enumerable.Repeat("*1\r\n", 100_000));

        Assert.Throws<RespProtocolException>(() => Read(wire, RespReaderLimits.Default));
    }

    [Fact]
    public void Line_without_CRLF_fails_once_it_is_longer_than_the_limit()
    {
        var limits = RespReaderLimits.Default with { MaxLineLength = 8 };

        Assert.False(Read("+12345678", limits));
        Assert.Throws<RespProtocolException>(() => Read("+123456789", limits));
        Assert.Throws<RespProtocolException>(() => Read("-123456789\r\n", limits));
        Assert.Throws<RespProtocolException>(() => Read("(123456789\r\n", limits));
    }

    private static bool Read(string wire, RespReaderLimits limits)
    {
        var buffer = new ReadOnlySequence<byte>(RespSamples.Bytes(wire));
        return RespReader.TryRead(ref buffer, limits, out _);
    }
}
