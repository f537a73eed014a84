namespace MediaGrpc.Server.Tests;

/// <summary>
/// A readable, seekable stream over <c>content</c> that hands out only the bytes a test has
/// released so far, so an upload can be held at a known point while the test looks at the server.
/// </summary>
internal sealed class GatedStream(byte[] content) : Stream
{
    private readonly SemaphoreSlim _released = new(0);
    private long _allowed;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => content.Length;

    public override long Position { get; set; }

    /// <summary>Lets readers have <paramref name="bytes"/> more bytes.</summary>
    public void Release(long bytes)
    {
        Interlocked.Add(ref _allowed, bytes);
        _released.Release();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (Position >= Interlocked.Read(ref _allowed) && Position < content.Length)
        {
            await _released.WaitAsync(cancellationToken);
        }

        var count = (int)Math.Min(buffer.Length, Math.Min(Interlocked.Read(ref _allowed), content.Length) - Position);
        content.AsMemory((int)Position, count).CopyTo(buffer);
        Position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => content.Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _released.Dispose();
        }

        base.Dispose(disposing);
    }
}
