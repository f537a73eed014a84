using System.Security.Cryptography;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client.Internal;

/// <summary>Downloads into one array of the media's size; a retry within the task resumes where it stopped.</summary>
internal sealed class MemoryDownloadTarget : IDownloadTarget
{
    private byte[]? _content;

    public long Offset { get; private set; }

    public string? Etag { get; private set; }

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task BeginAsync(DownloadHeader header, CancellationToken cancellationToken)
    {
        if (_content is null)
        {
            if (header.Media.Size > Array.MaxLength)
            {
                throw new NotSupportedException($"A media of {header.Media.Size} bytes does not fit in one array; download it to a file.");
            }

            _content = new byte[header.Media.Size];
            Etag = header.Etag;
        }

        return Task.CompletedTask;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Offset + data.Length > _content!.Length)
        {
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Internal, $"The server sent bytes past the media's end ({_content.Length})."));
        }

        data.Span.CopyTo(_content.AsSpan((int)Offset));
        Offset += data.Length;
        return ValueTask.CompletedTask;
    }

    public Task<DownloadedMedia> CompleteAsync(DownloadHeader header, CancellationToken cancellationToken)
    {
        var content = _content ?? [];
        DownloadVerification.Verify(header, Offset, SHA256.HashData(content.AsSpan(0, (int)Offset)));
        return Task.FromResult(new DownloadedMedia(header, 0, null, content));
    }

    public Task DiscardAsync()
    {
        _content = null;
        Offset = 0;
        Etag = null;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
