using System.Security.Cryptography;
using System.Text;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client.Internal;

/// <summary>
/// Downloads into <c>{path}.part</c>, with the etag its bytes belong to in
/// <c>{path}.part.etag</c> (written before the first byte, so a <c>.part</c> always has
/// its etag), and resumes from the <c>.part</c>'s length under that etag. Only a
/// <c>.part</c> whose length and SHA-256 match the media is renamed to <c>path</c>; one
/// that does not is deleted, so a <c>.part</c> never passes for a complete file.
/// </summary>
internal sealed class FileDownloadTarget(string path) : IDownloadTarget
{
    private readonly string _part = path + ".part";
    private readonly string _etagFile = path + ".part.etag";
    private FileStream? _stream;

    public long Offset { get; private set; }

    public string? Etag { get; private set; }

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await CloseAsync();
        if (File.Exists(_part) && File.Exists(_etagFile))
        {
            var etag = (await File.ReadAllTextAsync(_etagFile, Encoding.UTF8, cancellationToken)).Trim();
            if (etag.Length > 0)
            {
                Etag = etag;
                Offset = new FileInfo(_part).Length;
                return;
            }
        }

        await DiscardAsync();
    }

    public async Task BeginAsync(DownloadHeader header, CancellationToken cancellationToken)
    {
        if (Etag is null)
        {
            await using (var etagFile = new FileStream(_etagFile, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await etagFile.WriteAsync(Encoding.UTF8.GetBytes(header.Etag), cancellationToken);
                etagFile.Flush(flushToDisk: true);
            }

            Etag = header.Etag;
        }

        _stream = new FileStream(_part, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        _stream.SetLength(Offset);
        _stream.Seek(Offset, SeekOrigin.Begin);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // Not cancellable: bytes that arrived are kept whole, so the .part stays a correct prefix.
        await _stream!.WriteAsync(data, CancellationToken.None);
        Offset += data.Length;
    }

    public async Task<DownloadedMedia> CompleteAsync(DownloadHeader header, CancellationToken cancellationToken)
    {
        if (_stream is null)
        {
            throw new InvalidOperationException("The download completed before its header.");
        }

        await _stream.FlushAsync(cancellationToken);
        _stream.Flush(flushToDisk: true);
        await CloseAsync();

        byte[] sha256;
        long length;
        await using (var part = new FileStream(_part, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, useAsync: true))
        {
            length = part.Length;
            sha256 = await SHA256.HashDataAsync(part, cancellationToken);
        }

        try
        {
            DownloadVerification.Verify(header, length, sha256);
        }
        catch
        {
            await DiscardAsync();
            throw;
        }

        File.Move(_part, path, overwrite: true);
        File.Delete(_etagFile);
        return new DownloadedMedia(header, 0, path, ReadOnlyMemory<byte>.Empty);
    }

    public async Task DiscardAsync()
    {
        await CloseAsync();
        File.Delete(_part);
        File.Delete(_etagFile);
        Offset = 0;
        Etag = null;
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private async Task CloseAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
            _stream = null;
        }
    }
}
