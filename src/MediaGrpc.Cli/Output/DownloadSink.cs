namespace MediaGrpc.Cli.Output;

/// <summary>
/// The destination of a streamed download: with --length, stops after that many bytes and
/// cancels the call.
/// </summary>
internal sealed class DownloadSink(Stream destination, long? limit, CancellationTokenSource stop) : Stream
{
    public long Written { get; private set; }

    public bool LimitReached => limit is { } most && Written >= most;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (LimitReached)
        {
            return;
        }

        if (limit is { } most && Written + buffer.Length > most)
        {
            buffer = buffer[..(int)(most - Written)];
        }

        // Not cancellable: a chunk that arrived is written whole, so a file holds a clean prefix.
        await destination.WriteAsync(buffer, CancellationToken.None);
        Written += buffer.Length;
        if (LimitReached)
        {
            await stop.CancelAsync();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush() => destination.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => destination.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
