using System.Diagnostics;
using MediaGrpc.Storage;

namespace MediaGrpc.Server.Telemetry;

/// <summary>
/// Wraps the configured blob store with one span per store operation, so a trace shows where
/// an upload or download spent its time whichever store runs below (local disk has no spans of
/// its own; Azure's SDK and HttpClient spans nest under these). Streams returned by reads are
/// not traced per read: the span covers opening them.
/// </summary>
internal sealed class TracedBlobStore(IBlobStore inner, ServerTracing tracing) : IBlobStore
{
    public bool ChecksBlockMd5 => inner.ChecksBlockMd5;

    public async Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var span = StartBlock("blob stage_block", blobName, offset, data.Length);
        await Traced(span, inner.StageBlockAsync(blobName, offset, data, cancellationToken));
    }

    public async Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, byte[] contentMd5, CancellationToken cancellationToken)
    {
        using var span = StartBlock("blob stage_block", blobName, offset, data.Length);
        await Traced(span, inner.StageBlockAsync(blobName, offset, data, contentMd5, cancellationToken));
    }

    public async Task<IReadOnlyList<StagedBlock>> GetStagedBlocksAsync(string blobName, CancellationToken cancellationToken)
    {
        using var span = Start("blob get_staged_blocks", blobName);
        return await Traced(span, inner.GetStagedBlocksAsync(blobName, cancellationToken));
    }

    public async Task<BlobProperties> CommitAsync(string blobName, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        using var span = Start("blob commit", blobName);
        return await Traced(span, inner.CommitAsync(blobName, options, cancellationToken));
    }

    public async Task<BlobProperties?> GetPropertiesAsync(string blobName, CancellationToken cancellationToken)
    {
        using var span = Start("blob get_properties", blobName);
        return await Traced(span, inner.GetPropertiesAsync(blobName, cancellationToken));
    }

    public Task<Stream> OpenReadAsync(string blobName, long offset, long? length, CancellationToken cancellationToken) =>
        OpenReadAsync(blobName, offset, length, ifMatch: null, cancellationToken);

    public async Task<Stream> OpenReadAsync(string blobName, long offset, long? length, string? ifMatch, CancellationToken cancellationToken)
    {
        using var span = StartBlock("blob open_read", blobName, offset, length ?? -1);
        return await Traced(span, inner.OpenReadAsync(blobName, offset, length, ifMatch, cancellationToken));
    }

    public async Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken)
    {
        using var span = Start("blob delete", blobName);
        return await Traced(span, inner.DeleteAsync(blobName, cancellationToken));
    }

    public async Task<BlobProperties> PutAsync(string blobName, ReadOnlyMemory<byte> content, BlobCommitOptions options, CancellationToken cancellationToken)
    {
        using var span = StartBlock("blob put", blobName, 0, content.Length);
        return await Traced(span, inner.PutAsync(blobName, content, options, cancellationToken));
    }

    // Listing is the sweep's, outside any call: one span would cover a whole enumeration, so none.
    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    private Activity? Start(string name, string blobName)
    {
        var span = tracing.Source.StartActivity(name, ActivityKind.Internal);
        span?.SetTag(ServerTracing.BlobNameTag, blobName);
        return span;
    }

    private Activity? StartBlock(string name, string blobName, long offset, long bytes)
    {
        var span = Start(name, blobName);
        if (span is not null)
        {
            span.SetTag(ServerTracing.OffsetTag, offset);
            span.SetTag(ServerTracing.BytesTag, bytes);
        }

        return span;
    }

    private static async Task Traced(Activity? span, Task operation)
    {
        try
        {
            await operation;
        }
        catch (Exception e) when (ServerTracing.Failed(span, e))
        {
            throw;
        }
    }

    private static async Task<T> Traced<T>(Activity? span, Task<T> operation)
    {
        try
        {
            return await operation;
        }
        catch (Exception e) when (ServerTracing.Failed(span, e))
        {
            throw;
        }
    }
}
