using System.Buffers;
using Google.Protobuf;
using Grpc.Core;

namespace MediaGrpc.Server.Hosting;

/// <summary>
/// Serializes a response message of <see cref="MinimumSpan"/> bytes or more into spans of at
/// least that size, instead of the one-block-at-a-time spans protobuf asks the response for.
/// </summary>
/// <remarks>
/// Protobuf writes into an <see cref="IBufferWriter{T}"/> by asking for a span with no size
/// hint, filling it and asking again. Kestrel's HTTP/2 response writer answers with one 4 KiB
/// block of its memory pool per span and takes two locks for each span and each advance, so
/// a 1 MiB chunk costs 256 of each, contended with Kestrel's frame writer draining the same
/// stream. Asked for 64 KiB, the response pipe takes a pooled array instead: 16 spans per MiB.
/// Measured with the download benchmark's server and SDK client in one process, local-disk
/// store, 1 MiB chunks, 2 cores, this serializer and the generated one alternated run by run
/// in the same process (21 runs each, three processes, 2026-12-02): 4–12% less CPU per MiB
/// (0.84–1.00 against 0.87–1.12 ms/MiB). One span for the whole message saved as much, but
/// rents an array twice the chunk's size from the shared pool. See bench/download/README.md.
/// </remarks>
internal static class LargeMessageSerializer
{
    /// <summary>The span size asked for, and the message size from which it is used.</summary>
    public const int MinimumSpan = 64 * 1024;

    /// <summary>Wraps a response serializer: messages of <see cref="MinimumSpan"/> bytes or more are written in large spans, smaller ones as before.</summary>
    public static Action<T, SerializationContext> Wrap<T>(Action<T, SerializationContext> serializer)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(serializer);
        return (message, context) =>
        {
            if (message is not IBufferMessage bufferMessage)
            {
                serializer(message, context);
                return;
            }

            // As the generated serializer writes a message, with the size computed once.
            var size = bufferMessage.CalculateSize();
            context.SetPayloadLength(size);
            var writer = context.GetBufferWriter();
            bufferMessage.WriteTo(size < MinimumSpan ? writer : new LargeSpanWriter(writer, size));
            context.Complete();
        };
    }

    /// <summary>
    /// Asks its writer for spans of at least <see cref="MinimumSpan"/>, never more than the
    /// message has left: a writer sized to the message (Grpc.AspNetCore's when the response is
    /// compressed) would otherwise grow for bytes that never come.
    /// </summary>
    private sealed class LargeSpanWriter(IBufferWriter<byte> inner, int size) : IBufferWriter<byte>
    {
        private int _left = size;

        public void Advance(int count)
        {
            inner.Advance(count);
            _left -= count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(Hint(sizeHint));

        public Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(Hint(sizeHint));

        private int Hint(int sizeHint) => Math.Max(sizeHint, Math.Min(MinimumSpan, _left));
    }
}
