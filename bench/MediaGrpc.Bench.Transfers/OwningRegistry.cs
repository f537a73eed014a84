using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Transfers;
using StackExchange.Redis;

namespace MediaGrpc.Bench.Transfers;

/// <summary>A registry that closes its own multiplexer when disposed (in the server, DI owns it).</summary>
internal sealed class OwningRegistry(ITransferRegistry inner, IConnectionMultiplexer redis) : ITransferRegistry
{
    public Task<TransferBeginOutcome> BeginAsync(TransferRecord record, int maxPerOwner, CancellationToken cancellationToken) => inner.BeginAsync(record, maxPerOwner, cancellationToken);

    public Task<IReadOnlyList<string>> RefreshAsync(IReadOnlyList<TransferRecord> records, CancellationToken cancellationToken) => inner.RefreshAsync(records, cancellationToken);

    public Task EndAsync(TransferRecord record, CancellationToken cancellationToken) => inner.EndAsync(record, cancellationToken);

    public Task<bool> TryHoldWriterLeaseAsync(string owner, string uploadId, string holder, CancellationToken cancellationToken) => inner.TryHoldWriterLeaseAsync(owner, uploadId, holder, cancellationToken);

    public Task ReleaseWriterLeaseAsync(string owner, string uploadId, string holder, CancellationToken cancellationToken) => inner.ReleaseWriterLeaseAsync(owner, uploadId, holder, cancellationToken);

    public Task<TransferRecord?> GetAsync(string owner, string transferId, CancellationToken cancellationToken) => inner.GetAsync(owner, transferId, cancellationToken);

    public Task<IReadOnlyList<TransferRecord>> ListAsync(string owner, CancellationToken cancellationToken) => inner.ListAsync(owner, cancellationToken);

    public Task PublishAsync(TransferProgress progress, CancellationToken cancellationToken) => inner.PublishAsync(progress, cancellationToken);

    public Task<IAsyncDisposable> WatchAsync(string transferId, Action<TransferProgress> onEvent, Action onGap, CancellationToken cancellationToken) => inner.WatchAsync(transferId, onEvent, onGap, cancellationToken);

    public Task<bool> SendControlAsync(string replica, TransferControlMessage message, CancellationToken cancellationToken) => inner.SendControlAsync(replica, message, cancellationToken);

    public Task ListenForControlAsync(string replica, Action<TransferControlMessage> handler, CancellationToken cancellationToken) => inner.ListenForControlAsync(replica, handler, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await redis.DisposeAsync();
    }
}
