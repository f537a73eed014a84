using System.Buffers;
using MediaGrpc.Redis.Internal;
using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests.Internal;

public sealed class RespReaderTests
{
    [Theory]
    [MemberData(nameof(RespSamples.ValidNames), MemberType = typeof(RespSamples))]
    public void Reply_received_whole_is_parsed_and_consumed(string sample)
    {
        var (wire, expected) = RespSamples.Valid[sample];

        AssertReadsWhole(new ReadOnlySequence<byte>(RespSamples.Bytes(wire)), expected);
    }

    [Theory]
    [MemberData(nameof(RespSamples.ValidNames), MemberType = typeof(RespSamples))]
    public void Reply_split_at_any_byte_is_parsed_the_same(string sample)
    {
        var (wire, expected) = RespSamples.Valid[sample];
        var bytes = RespSamples.Bytes(wire);

        for (var split = 0; split <= bytes.Length; split++)
        {
            AssertReadsWhole(SegmentedSequence.SplitAt(bytes, split), expected);
        }
    }

    [Theory]
    [MemberData(nameof(RespSamples.ValidNames), MemberType = typeof(RespSamples))]
    public void Reply_arriving_one_byte_per_segment_is_parsed_the_same(string sample)
    {
        var (wire, expected) = RespSamples.Valid[sample];

        AssertReadsWhole(SegmentedSequence.OneBytePerSegment(RespSamples.Bytes(wire)), expected);
    }

    [Theory]
    [MemberData(nameof(RespSamples.ValidNames), MemberType = typeof(RespSamples))]
    public void Incomplete_reply_needs_more_bytes_and_consumes_nothing(string sample)
    {
        var bytes = RespSamples.Bytes(RespSamples.Valid[sample].Wire);

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            foreach (var buffer in new[] { new ReadOnlySequence<byte>(prefix), SegmentedSequence.OneBytePerSegment(prefix) })
            {
                var remaining = buffer;

                var complete = RespReader.TryRead(ref remaining, RespReaderLimits.Default, out var value);

                Assert.False(complete, $"{length} of {bytes.Length} bytes were taken for a whole reply");
                Assert.Null(value);
                Assert.Equal(buffer.Length, remaining.Length);
                Assert.True(remaining.Start.Equals(buffer.Start));
            }
        }
    }

    [Fact]
    public void Pipelined_replies_are_read_one_after_another_in_order()
    {
        var samples = RespSamples.Valid.Values.ToArray();
        var stream = RespSamples.Bytes(string.Concat(samples.Select(s => s.Wire)));
        var buffer = SegmentedSequence.OneBytePerSegment(stream);

        foreach (var (_, expected) in samples)
        {
            Assert.True(RespReader.TryRead(ref buffer, RespReaderLimits.Default, out var value));
            Assert.Equal(expected, RespDescriber.Describe(value));
        }

        Assert.True(buffer.IsEmpty);
        Assert.False(RespReader.TryRead(ref buffer, RespReaderLimits.Default, out _));
    }

    [Fact]
    public void Reply_followed_by_part_of_the_next_consumes_only_the_first()
    {
        var buffer = new ReadOnlySequence<byte>("+OK\r\n$5\r\nhel"u8.ToArray());

        Assert.True(RespReader.TryRead(ref buffer, RespReaderLimits.Default, out var first));
        Assert.Equal("simple:OK", RespDescriber.Describe(first));
        Assert.Equal("$5\r\nhel"u8.ToArray(), buffer.ToArray());
        Assert.False(RespReader.TryRead(ref buffer, RespReaderLimits.Default, out _));
    }

    private static void AssertReadsWhole(ReadOnlySequence<byte> buffer, string expected)
    {
        var remaining = buffer;

        Assert.True(RespReader.TryRead(ref remaining, RespReaderLimits.Default, out var value));
        Assert.Equal(expected, RespDescriber.Describe(value));
        Assert.True(remaining.IsEmpty, $"{remaining.Length} bytes were left unconsumed");
    }
}
