namespace MediaGrpc.Server.Tests;

/// <summary>
/// A read-only, seekable stream of any length whose bytes are a function of their
/// position: gigabyte-sized test content without a gigabyte in memory.
/// </summary>
internal sealed class PatternStream(long length) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; } = length;

    public override long Position { get; set; }

    /// <summary>The byte at <paramref name="position"/>.</summary>
    public static byte At(long position) => (byte)((position * 2654435761L) >> 13);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, Length - Position);
        for (var i = 0; i < count; i++)
        {
            buffer[i] = At(Position + i);
        }

        Position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
