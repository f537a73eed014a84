using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using MediaGrpc.Rpc.Internal;
using MediaGrpc.Rpc.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Framing;

/// <summary>
/// The length-prefixed message reader, fed every frame whole, split at every byte, and
/// one byte per segment, as bytes arrive from a socket.
/// </summary>
public sealed class GrpcFrameTests
{
    private const int Limit = 4 * 1024 * 1024;

    public static TheoryData<int> PayloadSizes => new() { 0, 1, 5, 300, 70_000 };

    [Theory]
    [MemberData(nameof(PayloadSizes))]
    public void Frame_reads_back_whole_at_every_split_and_byte_by_byte(int payloadSize)
    {
        var message = new EchoResponse { Text = "frame", Payload = ByteString.CopyFrom(new byte[payloadSize]) };
        var frame = Frame(message);

        AssertReadsExactly(new ReadOnlySequence<byte>(frame), message);
        AssertReadsExactly(SegmentedSequence.OneBytePerSegment(frame), message);
        var step = Math.Max(1, frame.Length / 500);
        for (var split = 0; split <= frame.Length; split += step)
        {
            AssertReadsExactly(SegmentedSequence.SplitAt(frame, split), message);
        }
    }

    [Fact]
    public void Incomplete_frame_needs_more_bytes_and_consumes_nothing()
    {
        var frame = Frame(new EchoResponse { Text = "partial" });
        for (var length = 0; length < frame.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, length);
            var before = buffer;

            Assert.False(GrpcFrame.TryRead(ref buffer, Limit, out _));
            Assert.Equal(before.Length, buffer.Length);
        }
    }

    [Fact]
    public void Two_frames_back_to_back_read_one_at_a_time()
    {
        var first = new EchoResponse { Text = "one" };
        var second = new EchoResponse { Text = "two", Index = 2 };
        var buffer = SegmentedSequence.SplitAt([.. Frame(first), .. Frame(second)], 7);

        Assert.True(GrpcFrame.TryRead(ref buffer, Limit, out var a));
        Assert.Equal(first, EchoResponse.Parser.ParseFrom(a));
        Assert.True(GrpcFrame.TryRead(ref buffer, Limit, out var b));
        Assert.Equal(second, EchoResponse.Parser.ParseFrom(b));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Oversized_length_is_refused_from_the_prefix_before_the_body_arrives()
    {
        var header = new byte[GrpcFrame.HeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), Limit + 1u);
        var buffer = new ReadOnlySequence<byte>(header);

        var error = Assert.Throws<RpcException>(() => GrpcFrame.TryRead(ref buffer, Limit, out _));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void Compressed_or_invalid_flag_without_an_encoding_is_internal(byte flag)
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { flag, 0, 0, 0, 1, 0 });

        var error = Assert.Throws<RpcException>(() => GrpcFrame.TryRead(ref buffer, Limit, out _));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public void Message_over_the_send_limit_is_refused_before_anything_is_written()
    {
        var writer = new ArrayBufferWriter<byte>();
        var message = new EchoResponse { Payload = ByteString.CopyFrom(new byte[1000]) };

        var error = Assert.Throws<RpcException>(() => GrpcFrame.Write(writer, message, 999));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0, writer.WrittenCount);
    }

    private static byte[] Frame(IMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        GrpcFrame.Write(writer, message, Limit);
        return writer.WrittenSpan.ToArray();
    }

    private static void AssertReadsExactly(ReadOnlySequence<byte> buffer, EchoResponse expected)
    {
        Assert.True(GrpcFrame.TryRead(ref buffer, Limit, out var payload));
        Assert.Equal(expected, EchoResponse.Parser.ParseFrom(payload));
        Assert.True(buffer.IsEmpty);
    }
}
