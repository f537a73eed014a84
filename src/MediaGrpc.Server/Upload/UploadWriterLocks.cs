using System.Collections.Concurrent;

namespace MediaGrpc.Server.Upload;

/// <summary>
/// One writer per upload on this replica: a second stream for an upload ID that is
/// being written gets ABORTED instead of interleaving bytes. Across replicas the writer
/// lease of the upload's transfer (see <see cref="Transfers.ITransferRegistry"/>) enforces
/// the same rule; this check stays because it holds without the registry: while Redis is
/// unreachable, when AbortUpload (no transfer) deletes an upload, and without a round trip.
/// </summary>
internal sealed class UploadWriterLocks
{
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    /// <summary>A lease to release when the stream ends, or null when another stream holds the upload.</summary>
    public Lease? TryAcquire(string uploadId) => _held.TryAdd(uploadId, 0) ? new Lease(this, uploadId) : null;

    /// <summary>Holds an upload until disposed.</summary>
    public sealed class Lease(UploadWriterLocks owner, string uploadId) : IDisposable
    {
        public void Dispose() => owner._held.TryRemove(uploadId, out _);
    }
}
