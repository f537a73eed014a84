using System.Buffers;
using Google.Protobuf;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Interop;
using Grpc.Core;
using MediaGrpc.Interop.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

using MediaGrpc.Interop.Tests.Server;

namespace MediaGrpc.Interop.Tests.Framing;

/// <summary>The pooled chunk marshaller (server uploads, client downloads) parses exactly what the generated parser gives, however the frame is split.</summary>
public sealed class PooledPayloadParserTests
{
    public static TheoryData<string, byte[]> Messages => new()
    {
        { "large bytes at the top", new EchoRequest { Text = "t", Payload = TestPayload.Create(200_000, 3), Count = 7 }.ToByteArray() },
        { "large bytes nested in a message", new StreamingInputCallRequest { Payload = new Payload { Body = TestPayload.Create(100_000, 5) }, ExpectCompressed = new BoolValue { Value = true } }.ToByteArray() },
        { "small message", new EchoRequest { Text = "small", Payload = TestPayload.Create(10) }.ToByteArray() },
        { "large repeated field and unknown field", LargeWithUnknown() },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Parse_equals_the_generated_parser_whole_and_split(string what, byte[] bytes)
    {
        var sequences = new[]
        {
            new ReadOnlySequence<byte>(bytes),
            SegmentedSequence.SplitAt(bytes, bytes.Length / 2),
            SegmentedSequence.SplitAt(bytes, 3),
            SegmentedSequence.Create(Chunks(bytes, 4096)),
        };
        foreach (var sequence in sequences)
        {
            if (what.Contains("nested", StringComparison.Ordinal))
            {
                Assert.Equal(StreamingInputCallRequest.Parser.ParseFrom(bytes), Parse(StreamingInputCallRequest.Parser, sequence));
            }
            else if (what.Contains("repeated", StringComparison.Ordinal))
            {
                var expected = StreamingOutputCallRequest.Parser.ParseFrom(bytes);
                var actual = Parse(StreamingOutputCallRequest.Parser, sequence);
                Assert.Equal(expected, actual);
                Assert.Equal(expected.ToByteArray(), actual.ToByteArray());
            }
            else
            {
                Assert.Equal(EchoRequest.Parser.ParseFrom(bytes), Parse(EchoRequest.Parser, sequence));
            }

        }
    }

    [Fact]
    public void Truncated_message_fails_as_the_generated_parser_does()
    {
        var bytes = new EchoRequest { Payload = TestPayload.Create(100_000) }.ToByteArray()[..^10];

        Assert.Throws<InvalidProtocolBufferException>(() => Parse(EchoRequest.Parser, new ReadOnlySequence<byte>(bytes)));
    }


    private static T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> sequence)
        where T : class, IMessage<T>
    {
        // A deep copy (through its bytes) before the pooled buffers go back to the pool.
        using var pooled = ChunkMarshallers.Pooled(parser).ContextualDeserializer(new FrameContext(sequence));
        return parser.ParseFrom(pooled.Message.ToByteArray());
    }

    private sealed class FrameContext(ReadOnlySequence<byte> payload) : DeserializationContext
    {
        public override int PayloadLength => (int)payload.Length;

        public override byte[] PayloadAsNewBuffer() => payload.ToArray();

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => payload;
    }

    private static byte[] LargeWithUnknown()
    {
        var message = new StreamingOutputCallRequest { Payload = new Payload { Body = TestPayload.Create(70_000, 9) } };
        message.ResponseParameters.Add(new ResponseParameters { Size = 1 });
        message.ResponseParameters.Add(new ResponseParameters { Size = 2 });
        var bytes = message.ToByteArray();

        // Field 15, length-delimited, 80 000 bytes: unknown to StreamingOutputCallRequest, kept as such.
        using var output = new MemoryStream();
        output.Write(bytes);
        var coded = new CodedOutputStream(output);
        coded.WriteTag(15, WireFormat.WireType.LengthDelimited);
        coded.WriteBytes(TestPayload.Create(80_000, 4));
        coded.Flush();
        return output.ToArray();
    }

    private static byte[][] Chunks(byte[] bytes, int size)
    {
        var chunks = new List<byte[]>();
        for (var i = 0; i < bytes.Length; i += size)
        {
            chunks.Add(bytes[i..Math.Min(bytes.Length, i + size)]);
        }

        return [.. chunks];
    }
}
