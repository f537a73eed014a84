using System.Buffers;

namespace MediaGrpc.Testing;

/// <summary>
/// Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the shape bytes have when they
/// arrive from a socket in pieces, so parsers are tested at every possible boundary.
/// </summary>
public static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Create(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], 0);
        var last = first;
        for (var i = 1; i < segments.Length; i++)
        {
            last = last.Append(segments[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Two segments, split before <paramref name="index"/>, with an empty segment between them.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] bytes, int index) =>
        Create(bytes[..index], [], bytes[index..]);

    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes)
    {
        var segments = new byte[bytes.Length][];
        for (var i = 0; i < bytes.Length; i++)
        {
            segments[i] = [bytes[i]];
        }

        return Create(segments);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
