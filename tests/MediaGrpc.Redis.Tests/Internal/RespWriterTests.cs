using System.Buffers;
using System.Text;
using MediaGrpc.Redis.Internal;
using MediaGrpc.Redis.Tests.Support;

namespace MediaGrpc.Redis.Tests.Internal;

public sealed class RespWriterTests
{
    [Fact]
    public void Command_is_an_array_of_bulk_strings()
    {
        var written = Write("SET", ["key", new byte[] { 0, 255 }, 42L, -7L, 1.5]);

        Assert.Equal(
            "*6\r\n$3\r\nSET\r\n$3\r\nkey\r\n$2\r\n\x00\xFF\r\n$2\r\n42\r\n$2\r\n-7\r\n$3\r\n1.5\r\n",
            Encoding.Latin1.GetString(written));
    }

    [Fact]
    public void Command_without_arguments_is_a_one_element_array()
    {
        Assert.Equal("*1\r\n$4\r\nPING\r\n"u8.ToArray(), Write("PING", []));
    }

    [Fact]
    public void Text_length_counts_UTF8_bytes_not_characters()
    {
        var written = Write("SET", ["clé", "日本"]);

        Assert.Equal("*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$6\r\n日本\r\n", Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void Infinities_are_spelled_as_Redis_expects()
    {
        var written = Write("ZADD", [double.PositiveInfinity, double.NegativeInfinity, long.MinValue]);

        Assert.Equal("*4\r\n$4\r\nZADD\r\n$4\r\n+inf\r\n$4\r\n-inf\r\n$20\r\n-9223372036854775808\r\n", Encoding.ASCII.GetString(written));
    }

    [Fact]
    public void Large_arguments_are_written_in_chunks_and_read_back_intact()
    {
        var bytes = new byte[1_000_003];
        new Random(7).NextBytes(bytes);
        var text = string.Concat(Enumerable.Repeat("ünïcødé ", 20_000));
        var writer = new SmallSpanWriter();

        RespWriter.WriteCommand(writer, "MSET", ["a", bytes, "b", text]);

        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(RespReader.TryRead(ref buffer, RespReaderLimits.Default, out var command));
        Assert.True(buffer.IsEmpty);
        Assert.Equal(5, command.Items.Count);
        Assert.Equal(bytes, command.Items[2].Bytes.ToArray());
        Assert.Equal(text, command.Items[4].AsString());
    }

    [Fact]
    public void Null_text_is_rejected_when_the_argument_is_made()
    {
        Assert.Throws<ArgumentNullException>(() => RedisArgument.FromString(null!));
    }

    private static byte[] Write(string command, RedisArgument[] arguments)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.WriteCommand(writer, command, arguments);
        return writer.WrittenSpan.ToArray();
    }

    // Hands out spans exactly as big as asked for (4 KiB when asked for nothing), as a
    // pipe with small segments would, so chunked encoding paths are exercised.
    private sealed class SmallSpanWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();

        public ReadOnlyMemory<byte> WrittenMemory => _inner.WrittenMemory;

        public void Advance(int count) => _inner.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            var size = sizeHint <= 0 ? 4096 : sizeHint;
            return _inner.GetMemory(size)[..size];
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
