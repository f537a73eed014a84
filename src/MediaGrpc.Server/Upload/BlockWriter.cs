using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// Gathers an upload's bytes into pooled blocks and stages each full block in the
/// store. Rule it enforces: the persisted offset only ever reports staged, durable
/// bytes; bytes still in a buffer, or being staged, are "received", not "persisted".
/// Two buffers let the next block fill while the previous one is staged, so network
/// and storage work overlap; memory per upload is two blocks, whatever the chunk size.
/// Each staged block is reported through the callback as soon as it is durable. For a
/// store that checks blocks in transit, each block's MD5 is computed as its bytes arrive,
/// so a full block goes to the store at once rather than after a hash of 4 MiB.
/// </summary>
internal sealed class BlockWriter : IAsyncDisposable
{
    private readonly IBlobStore _store;
    private readonly string _blobName;
    private readonly IncrementalHash? _sha256;
    private readonly IncrementalHash? _blockMd5;
    private readonly Func<long, Task> _onPersisted;
    private byte[] _filling;
    private byte[] _staging;
    private int _buffered;
    private Task? _stage;
    private long _stageEnd;
    private long _persistedOffset;
    private readonly UploadMetrics? _metrics;
    private long _unpersisted;

    /// <remarks>
    /// With <paramref name="hashFromStart"/> and a persisted offset of 0, this writer sees
    /// every byte, so it hashes them as they pass; a resumed upload's hash is computed
    /// from the store at finish instead. <paramref name="onPersisted"/> gets each new
    /// persisted offset, in order; its failures (a client gone) never fail the staging.
    /// </remarks>
    public BlockWriter(IBlobStore store, string blobName, long persistedOffset, int blockSize, bool hashFromStart, Func<long, Task> onPersisted, UploadMetrics? metrics = null)
    {
        _metrics = metrics;
        _store = store;
        _blobName = blobName;
        _onPersisted = onPersisted;
        _persistedOffset = persistedOffset;
        BlockSize = blockSize;
        _filling = ArrayPool<byte>.Shared.Rent(blockSize);
        _staging = ArrayPool<byte>.Shared.Rent(blockSize);
        _sha256 = hashFromStart && persistedOffset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        _blockMd5 = store.ChecksBlockMd5 ? CreateMd5() : null;
    }

    public int BlockSize { get; }

    /// <summary>Bytes durable in the store.</summary>
    public long PersistedOffset => Volatile.Read(ref _persistedOffset);

    /// <summary>Bytes received: persisted, being staged, or buffered. The next byte expected is at this offset.</summary>
    public long ReceivedOffset => (_stage is null ? PersistedOffset : _stageEnd) + _buffered;

    /// <summary>True when the SHA-256 of all bytes is known without reading them back.</summary>
    public bool HasHash => _sha256 is not null;

    /// <summary>Appends bytes at <see cref="ReceivedOffset"/>.</summary>
    public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _sha256?.AppendData(data.Span);
        if (_metrics is not null)
        {
            _metrics.Received(data.Length);
            Interlocked.Add(ref _unpersisted, data.Length);
        }

        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, BlockSize - _buffered);
            data.Span[..take].CopyTo(_filling.AsSpan(_buffered));
            _blockMd5?.AppendData(data.Span[..take]);
            _buffered += take;
            data = data[take..];
            if (_buffered == BlockSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await CompleteStageAsync();
                StartStage();
            }
        }
    }

    /// <summary>Stages whatever is received, so every received byte becomes persisted; false when nothing was left to stage.</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var pending = _stage is not null || _buffered > 0;
        await CompleteStageAsync().WaitAsync(cancellationToken);
        if (_buffered > 0)
        {
            StartStage();
            await CompleteStageAsync().WaitAsync(cancellationToken);
        }

        return pending;
    }

    /// <summary>The SHA-256 of every byte appended since offset 0; only when <see cref="HasHash"/>.</summary>
    public byte[] GetHash() => _sha256?.GetCurrentHash() ?? throw new InvalidOperationException("This writer did not see the upload from offset 0.");

    public async ValueTask DisposeAsync()
    {
        if (_stage is not null)
        {
            // The store may still read the staging buffer: it goes back to the pool only after.
            await _stage.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        // Received bytes that were never staged leave the lag with this writer.
        _metrics?.Dropped(Interlocked.Exchange(ref _unpersisted, 0));
        _sha256?.Dispose();
        _blockMd5?.Dispose();
        ArrayPool<byte>.Shared.Return(_filling);
        ArrayPool<byte>.Shared.Return(_staging);
    }

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Content-MD5 is the store's transport integrity check, not a security measure.")]
    private static IncrementalHash CreateMd5() => IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    /// <summary>Waits for the block being staged, if any.</summary>
    private async Task CompleteStageAsync()
    {
        if (_stage is null)
        {
            return;
        }

        try
        {
            await _stage;
        }
        finally
        {
            // A failed stage leaves the persisted offset where it was; later bytes must not
            // be staged after the gap, so the failure stays and ends the stream.
            _stage = _stage.IsCompletedSuccessfully ? null : _stage;
        }
    }

    /// <summary>
    /// Starts staging the filled buffer. Not tied to the call's cancellation: bytes that
    /// arrived are persisted even if the client goes away meanwhile, so a resume never
    /// re-sends them (the store's own timeouts bound the wait).
    /// </summary>
    private void StartStage()
    {
        (_filling, _staging) = (_staging, _filling);
        var offset = PersistedOffset;
        _stageEnd = offset + _buffered;
        _stage = StageAsync(offset, _staging.AsMemory(0, _buffered), _blockMd5?.GetHashAndReset(), _stageEnd);
        _buffered = 0;
    }

    private async Task StageAsync(long offset, ReadOnlyMemory<byte> block, byte[]? md5, long end)
    {
        await (md5 is null
            ? _store.StageBlockAsync(_blobName, offset, block, CancellationToken.None)
            : _store.StageBlockAsync(_blobName, offset, block, md5, CancellationToken.None));
        Volatile.Write(ref _persistedOffset, end);
        if (_metrics is not null)
        {
            _metrics.Persisted(block.Length);
            Interlocked.Add(ref _unpersisted, -block.Length);
        }

        try
        {
            await _onPersisted(end);
        }
        catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException or InvalidOperationException or IOException)
        {
            // The client is gone or the call ended; the bytes are durable all the same.
        }
    }
}
