using System.Buffers;
using Google.Protobuf;
using Grpc.Core;

namespace MediaGrpc.Contracts.Pooling;

/// <summary>
/// Marshallers for the chunk-carrying messages. Generated code parses every <c>bytes</c>
/// field into a fresh array, a large-object-heap allocation for each chunk of 85 KB or
/// more; <see cref="Pooled{T}"/> parses those into pooled buffers instead, straight from
/// the received frame (<see cref="DeserializationContext.PayloadAsReadOnlySequence"/>).
/// </summary>
public static class ChunkMarshallers
{
    /// <summary>Parses into <see cref="Pooled{T}"/>; serializes like the generated marshaller.</summary>
    public static Marshaller<Pooled<T>> Pooled<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        return new Marshaller<Pooled<T>>(
            (pooled, context) => Serialize(pooled.Message, context),
            context =>
            {
                var payloads = new PooledPayloads();
                var message = PooledPayloadParser.Parse(parser, context.PayloadAsReadOnlySequence(), payloads);
                return new Pooled<T>(message, payloads);
            });
    }

    /// <summary>The plain marshaller of a message, as generated code builds it.</summary>
    public static Marshaller<T> Owned<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        return new Marshaller<T>(Serialize, context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
    }

    private static void Serialize<T>(T message, SerializationContext context)
        where T : IMessage<T>
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo((IBufferWriter<byte>)context.GetBufferWriter());
        context.Complete();
    }
}
