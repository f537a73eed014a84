namespace MediaGrpc.Storage.Internal;

/// <summary>
/// The SDK's download stream, with its failures translated like every other call's: when a
/// connection breaks mid-read, the SDK asks again for the rest bound to the first answer's
/// ETag, and a blob replaced meanwhile then fails with ConditionNotMet rather than with a
/// RequestFailedException that callers do not know.
/// </summary>
internal sealed class AzureReadStream(Stream inner, string blobName, string etag) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (AzureFailures.Translate(e, AzureFailures.GetBlob, blobName, etag, CancellationToken.None) is { } failure)
        {
            throw failure;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (AzureFailures.Translate(e, AzureFailures.GetBlob, blobName, etag, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
