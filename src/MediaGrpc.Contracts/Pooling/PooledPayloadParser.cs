using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace MediaGrpc.Contracts.Pooling;

/// <summary>
/// Parses a streamed message whose large <c>bytes</c> fields (64 KiB or more, at any depth
/// of singular message fields) land in buffers rented from <see cref="ArrayPool{T}.Shared"/>
/// and wrapped with <see cref="UnsafeByteOperations.UnsafeWrap(ReadOnlyMemory{byte})"/>,
/// instead of the fresh large-object-heap array Google.Protobuf allocates for each. The
/// buffers go back to the pool through <see cref="PooledPayloads"/> when the next message
/// is read: such a payload is valid only until then, which is why this is opt-in.
/// Everything else is parsed by the generated code, so unknown fields and merge rules stay.
/// https://protobuf.dev/programming-guides/encoding/
/// </summary>
internal static class PooledPayloadParser
{
    public const int Threshold = 64 * 1024;

    public static T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> data, PooledPayloads lease)
        where T : IMessage<T>
    {
        if (data.Length < Threshold)
        {
            return parser.ParseFrom(data);
        }

        var descriptor = DescriptorCache<T>.Get(parser);
        try
        {
            return (T)ParseInto(descriptor, data, lease);
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
        {
            // Let the generated parser report malformed input in its own words.
            return parser.ParseFrom(data);
        }
    }

    private static IMessage ParseInto(MessageDescriptor descriptor, ReadOnlySequence<byte> data, PooledPayloads lease)
    {
        var rest = new ArrayBufferWriter<byte>(256);
        List<(FieldDescriptor Field, object Value)>? large = null;
        var reader = new SequenceReader<byte>(data);
        while (!reader.End)
        {
            var fieldStart = reader.Position;
            var tag = ReadVarint(ref reader);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    ReadVarint(ref reader);
                    break;
                case 1:
                    Skip(ref reader, 8);
                    break;
                case 5:
                    Skip(ref reader, 4);
                    break;
                case 2:
                    var length = ReadVarint(ref reader);
                    if (length > (ulong)reader.Remaining)
                    {
                        throw new FormatException("Truncated length-delimited field.");
                    }

                    if (length >= Threshold
                        && descriptor.FindFieldByNumber(number) is { IsRepeated: false, IsMap: false } field
                        && field.FieldType is FieldType.Bytes or FieldType.Message)
                    {
                        var value = data.Slice(reader.Position, (long)length);
                        large ??= [];
                        large.Add((field, field.FieldType == FieldType.Bytes
                            ? lease.Copy(value)
                            : ParseInto(field.MessageType, value, lease)));
                        reader.Advance((long)length);
                        continue;
                    }

                    reader.Advance((long)length);
                    break;
                default:
                    throw new FormatException("Groups are not supported here.");
            }

            var raw = data.Slice(fieldStart, reader.Position);
            raw.CopyTo(rest.GetSpan((int)raw.Length));
            rest.Advance((int)raw.Length);
        }

        var message = descriptor.Parser.ParseFrom(rest.WrittenSpan);
        if (large is not null)
        {
            foreach (var (field, value) in large)
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message;
    }

    private static ulong ReadVarint(ref SequenceReader<byte> reader)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!reader.TryRead(out var b))
            {
                throw new FormatException("Truncated varint.");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("Malformed varint.");
    }

    private static void Skip(ref SequenceReader<byte> reader, int count)
    {
        if (reader.Remaining < count)
        {
            throw new FormatException("Truncated fixed-size field.");
        }

        reader.Advance(count);
    }

    private static class DescriptorCache<T>
        where T : IMessage<T>
    {
        private static MessageDescriptor? s_descriptor;

        public static MessageDescriptor Get(MessageParser<T> parser) =>
            s_descriptor ??= parser.ParseFrom(ReadOnlySpan<byte>.Empty).Descriptor;
    }
}
