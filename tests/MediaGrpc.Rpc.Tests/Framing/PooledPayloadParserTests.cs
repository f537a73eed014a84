using System.Buffers;
using Google.Protobuf;
using MediaGrpc.Interop;
using MediaGrpc.Rpc.Internal;
using MediaGrpc.Rpc.Tests.Client;
using MediaGrpc.Rpc.Tests.Echo;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Rpc.Tests.Framing;

/// <summary>The pooled-payload parse gives exactly what the generated parser gives, however the bytes are split.</summary>
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
            var lease = new PayloadLease();
            if (what.Contains("nested", StringComparison.Ordinal))
            {
                Assert.Equal(StreamingInputCallRequest.Parser.ParseFrom(bytes), PooledPayloadParser.Parse(StreamingInputCallRequest.Parser, sequence, lease));
            }
            else if (what.Contains("repeated", StringComparison.Ordinal))
            {
                var expected = StreamingOutputCallRequest.Parser.ParseFrom(bytes);
                var actual = PooledPayloadParser.Parse(StreamingOutputCallRequest.Parser, sequence, lease);
                Assert.Equal(expected, actual);
                Assert.Equal(expected.ToByteArray(), actual.ToByteArray());
            }
            else
            {
                Assert.Equal(EchoRequest.Parser.ParseFrom(bytes), PooledPayloadParser.Parse(EchoRequest.Parser, sequence, lease));
            }

            lease.Release();
        }
    }

    [Fact]
    public void Truncated_message_fails_as_the_generated_parser_does()
    {
        var bytes = new EchoRequest { Payload = TestPayload.Create(100_000) }.ToByteArray()[..^10];

        Assert.Throws<InvalidProtocolBufferException>(() => PooledPayloadParser.Parse(EchoRequest.Parser, new ReadOnlySequence<byte>(bytes), new PayloadLease()));
    }

    [Fact(Timeout = 30_000)]
    public async Task Duplex_stream_with_pooled_payloads_on_both_sides_round_trips_every_byte()
    {
        await using var host = await Server.EchoServerHost.StartAsync();
        using var channel = host.CreateChannel();
        using var call = channel.DuplexStreaming(EchoMethods.Duplex, new CallOptions { ResponsePayloads = PayloadLifetime.UntilNextRead });
        for (var i = 0; i < 20; i++)
        {
            var payload = TestPayload.Create(300_000, i);
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "p", Payload = payload }, CancellationToken.None);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(payload, call.ResponseStream.Current.Payload);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Empty(host.LoggedErrors);
    }

    [Fact(Timeout = 30_000)]
    public async Task Responses_read_with_the_default_lifetime_stay_intact_after_later_reads()
    {
        await using var host = await Server.EchoServerHost.StartAsync();
        using var channel = host.CreateChannel();
        using var call = channel.DuplexStreaming(EchoMethods.Duplex);
        var sent = new List<ByteString>();
        var kept = new List<EchoResponse>();
        for (var i = 0; i < 12; i++)
        {
            sent.Add(TestPayload.Create(200_000, i));
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "k", Payload = sent[^1] }, CancellationToken.None);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            kept.Add(call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i], kept[i].Payload);
        }
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
