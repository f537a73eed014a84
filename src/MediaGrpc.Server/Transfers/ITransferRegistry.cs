using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// Where transfers are recorded, counted per owner, announced and controlled: in this
/// process (<see cref="InProcessTransferRegistry"/>) or shared by replicas through Redis
/// (<see cref="Redis.RedisTransferRegistry"/>). Both pass the same behavioural suite.
/// </summary>
/// <remarks>
/// A running transfer holds a slot of its owner until it ends or its heartbeat lapses
/// (<see cref="TransferOptions.HeartbeatTtl"/>). A running upload transfer also holds the
/// writer lease of its upload (<see cref="TransferRecord.WriterOfUpload"/>) for just as
/// long: one writer per upload, across replicas. Only the holder's end releases it. An
/// ended transfer stays readable for <see cref="TransferOptions.EndedRetention"/>.
/// </remarks>
internal interface ITransferRegistry : IAsyncDisposable
{
    /// <summary>
    /// Registers a new running transfer, unless another transfer holds the writer lease of
    /// its upload or its owner already runs <paramref name="maxPerOwner"/>; atomic across replicas.
    /// </summary>
    /// <returns>Whether it was registered; when refused, nothing was.</returns>
    Task<TransferBeginOutcome> BeginAsync(TransferRecord record, int maxPerOwner, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the latest state of running transfers and renews their heartbeat and writer
    /// lease; re-registers any the registry lost (after a Redis restart), without checking
    /// the limit, and takes their writer lease back unless another transfer took it meanwhile.
    /// </summary>
    /// <returns>The IDs of the transfers whose writer lease another transfer now holds.</returns>
    Task<IReadOnlyList<string>> RefreshAsync(IReadOnlyList<TransferRecord> records, CancellationToken cancellationToken);

    /// <summary>Stores the final state of a transfer, gives its slot back and releases its writer lease if it still holds it.</summary>
    Task EndAsync(TransferRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the writer lease of <paramref name="owner"/>'s upload for something other than a
    /// stream (AbortUpload), for at most <see cref="TransferOptions.HeartbeatTtl"/>; false when
    /// a running transfer (or another holder) has it. Atomic across replicas; release with
    /// <see cref="ReleaseWriterLeaseAsync"/>.
    /// </summary>
    Task<bool> TryHoldWriterLeaseAsync(string owner, string uploadId, string holder, CancellationToken cancellationToken);

    /// <summary>Gives back a lease taken by <see cref="TryHoldWriterLeaseAsync"/>, if <paramref name="holder"/> still has it.</summary>
    Task ReleaseWriterLeaseAsync(string owner, string uploadId, string holder, CancellationToken cancellationToken);

    /// <summary>The owner's transfer, running or recently ended; null when unknown, expired or another owner's.</summary>
    /// <remarks>By owner: on Redis, a record lives in its owner's hash slot.</remarks>
    Task<TransferRecord?> GetAsync(string owner, string transferId, CancellationToken cancellationToken);

    /// <summary>The owner's running (active or paused) transfers whose heartbeat is alive.</summary>
    Task<IReadOnlyList<TransferRecord>> ListAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Announces one event to every watcher of its transfer, on any replica. At most once.</summary>
    Task PublishAsync(TransferProgress progress, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onEvent"/> for every event of the transfer until disposed, and
    /// <paramref name="onGap"/> when events may have been lost (the registry reconnected).
    /// Both run on the registry's delivery thread: they must be quick.
    /// </summary>
    Task<IAsyncDisposable> WatchAsync(string transferId, Action<TransferProgress> onEvent, Action onGap, CancellationToken cancellationToken);

    /// <summary>Delivers a control message to <paramref name="replica"/>, wherever it runs.</summary>
    /// <returns>False when no replica of that name listens (it died).</returns>
    Task<bool> SendControlAsync(string replica, TransferControlMessage message, CancellationToken cancellationToken);

    /// <summary>Starts delivering control messages addressed to <paramref name="replica"/> to <paramref name="handler"/>.</summary>
    Task ListenForControlAsync(string replica, Action<TransferControlMessage> handler, CancellationToken cancellationToken);
}
