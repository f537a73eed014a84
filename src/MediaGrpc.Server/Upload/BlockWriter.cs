using System.Buffers;
using System.Security.Cryptography;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// Gathers an upload's bytes into one pooled block and stages each full block in the
/// store. Rule it enforces: the persisted offset only ever reports staged, durable
/// bytes; bytes in the buffer are "received", not "persisted", until staged. Memory
/// is one block, whatever the client's chunk size.
/// </summary>
internal sealed class BlockWriter : IDisposable
{
    private readonly IBlobStore _store;
    private readonly string _blobName;
    private readonly byte[] _block;
    private readonly IncrementalHash? _sha256;
    private int _buffered;

    /// <remarks>
    /// With <paramref name="hashFromStart"/> and a persisted offset of 0, this writer sees
    /// every byte, so it hashes them as they pass; a resumed upload's hash is computed
    /// from the store at finish instead.
    /// </remarks>
    public BlockWriter(IBlobStore store, string blobName, long persistedOffset, int blockSize, bool hashFromStart)
    {
        _store = store;
        _blobName = blobName;
        PersistedOffset = persistedOffset;
        _block = ArrayPool<byte>.Shared.Rent(blockSize);
        BlockSize = blockSize;
        _sha256 = hashFromStart && persistedOffset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    public int BlockSize { get; }

    /// <summary>Bytes durable in the store.</summary>
    public long PersistedOffset { get; private set; }

    /// <summary>Bytes received: persisted plus buffered. The next byte expected is at this offset.</summary>
    public long ReceivedOffset => PersistedOffset + _buffered;

    /// <summary>True when the SHA-256 of all bytes is known without reading them back.</summary>
    public bool HasHash => _sha256 is not null;

    /// <summary>Appends bytes at <see cref="ReceivedOffset"/>; returns true when the persisted offset advanced.</summary>
    public async Task<bool> AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _sha256?.AppendData(data.Span);
        var advanced = false;
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, BlockSize - _buffered);
            data.Span[..take].CopyTo(_block.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered == BlockSize)
            {
                await StageBufferedAsync(cancellationToken);
                advanced = true;
            }
        }

        return advanced;
    }

    /// <summary>Stages whatever is buffered, so every received byte becomes persisted.</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffered == 0)
        {
            return false;
        }

        await StageBufferedAsync(cancellationToken);
        return true;
    }

    /// <summary>The SHA-256 of every byte appended since offset 0; only when <see cref="HasHash"/>.</summary>
    public byte[] GetHash() => _sha256?.GetCurrentHash() ?? throw new InvalidOperationException("This writer did not see the upload from offset 0.");

    public void Dispose()
    {
        _sha256?.Dispose();
        ArrayPool<byte>.Shared.Return(_block);
    }

    private async Task StageBufferedAsync(CancellationToken cancellationToken)
    {
        await _store.StageBlockAsync(_blobName, PersistedOffset, _block.AsMemory(0, _buffered), cancellationToken);
        PersistedOffset += _buffered;
        _buffered = 0;
    }
}
