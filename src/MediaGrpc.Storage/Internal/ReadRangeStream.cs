namespace MediaGrpc.Storage.Internal;

/// <summary>
/// A read-only view of consecutive byte ranges of inner streams, which it owns: one range of a
/// data file, or the parts of a version that a range covers. Each inner stream is positioned at
/// its range's start by the caller, and disposed as soon as its range is read.
/// </summary>
/// <remarks>
/// The inner streams are opened before reading starts, so a reader keeps its version even when a
/// newer commit removes the files (open handles outlive the unlink).
/// </remarks>
internal sealed class ReadRangeStream : Stream
{
    private readonly List<Segment> _segments;
    private readonly long _length;
    private int _current;
    private long _readInCurrent;
    private long _position;

    public ReadRangeStream(List<Segment> segments)
    {
        _segments = segments;
        foreach (var segment in segments)
        {
            _length += segment.Count;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var allowed = NextAllowed(buffer.Length);
        if (allowed == 0)
        {
            return 0;
        }

        return Advance(_segments[_current].Stream.Read(buffer[..allowed]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = NextAllowed(buffer.Length);
        if (allowed == 0)
        {
            return 0;
        }

        return Advance(await _segments[_current].Stream.ReadAsync(buffer[..allowed], cancellationToken));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        for (; _current < _segments.Count; _current++)
        {
            await _segments[_current].Stream.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            for (; _current < _segments.Count; _current++)
            {
                _segments[_current].Stream.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>How many bytes the next inner read may ask for; 0 at the end or for an empty buffer.</summary>
    private int NextAllowed(int requested)
    {
        while (_current < _segments.Count && _readInCurrent == _segments[_current].Count)
        {
            // Done with this range: give its handle back now rather than at the end.
            _segments[_current].Stream.Dispose();
            _current++;
            _readInCurrent = 0;
        }

        return _current == _segments.Count ? 0 : (int)Math.Min(requested, _segments[_current].Count - _readInCurrent);
    }

    private int Advance(int read)
    {
        if (read == 0)
        {
            // A file shorter than its sidecar says: returning a short blob would pass for success.
            throw new IOException("A local blob file ended before the length its sidecar records.");
        }

        _readInCurrent += read;
        _position += read;
        return read;
    }

    /// <summary><see cref="Count"/> bytes of <see cref="Stream"/> from its current position.</summary>
    internal readonly record struct Segment(Stream Stream, long Count);
}
