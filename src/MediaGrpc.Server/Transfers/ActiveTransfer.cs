using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Server.Transfers;

/// <summary>
/// A transfer running on this replica, held by its upload or download stream for the
/// stream's lifetime (<c>await using</c>). The stream reports bytes; the transfer throttles
/// them into progress events, carries control (cancel through <see cref="CancellationToken"/>,
/// pause and resume through the hooks the stream attached), and on dispose records how it ended.
/// </summary>
internal sealed class ActiveTransfer : IAsyncDisposable
{
    private readonly TransferTracker _tracker;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _progressInterval;
    private readonly CancellationTokenSource _cancel;
    private readonly Lock _lock = new();
    private readonly Transfer _transfer;
    private long _sequence;
    private long _lastEmit;
    private bool _completed;
    private bool _stopped;
    private Action? _pause;
    private Action? _resume;
    private int _disposed;
    private volatile bool _writerLeaseLost;
    private volatile bool _cancelledByOwner;

    public ActiveTransfer(TransferTracker tracker, Transfer transfer, TimeProvider timeProvider, TimeSpan progressInterval, CancellationToken callCancelled)
    {
        _tracker = tracker;
        _transfer = transfer;
        _timeProvider = timeProvider;
        _progressInterval = progressInterval;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        _lastEmit = timeProvider.GetTimestamp();
    }

    public string Id => _transfer.TransferId;

    /// <summary>The transfer a call's handler runs, once it has one (<see cref="AttachTo"/>).</summary>
    public static ActiveTransfer? Of(ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(ActiveTransfer), out var transfer) ? transfer as ActiveTransfer : null;

    /// <summary>Lets the call's error mapping see how this transfer ended.</summary>
    public void AttachTo(ServerCallContext context) => context.UserState[typeof(ActiveTransfer)] = this;

    /// <summary>Upload or download. Never changes.</summary>
    public TransferKind Kind => _transfer.Kind;

    /// <summary>The upload this transfer writes; empty for downloads. Never changes.</summary>
    public string UploadId => _transfer.UploadId;

    /// <summary>
    /// True once another stream took this upload's writer lease; <see cref="CancellationToken"/>
    /// is then cancelled and the stream must stop writing.
    /// </summary>
    public bool WriterLeaseLost => _writerLeaseLost;

    /// <summary>True once a CancelTransfer reached this transfer (not the client's own cancel).</summary>
    public bool CancelledByOwner => _cancelledByOwner;

    /// <summary>This replica's name, as the transfer record carries it.</summary>
    public string Replica => _transfer.Replica;

    /// <summary>Cancelled when the call is, or when a CancelTransfer reached this transfer.</summary>
    public CancellationToken CancellationToken => _cancel.Token;

    /// <summary>Records bytes moved so far; publishes at most once per progress interval.</summary>
    public void Report(long bytesDone)
    {
        TransferEmission? emission = null;
        lock (_lock)
        {
            if (bytesDone == _transfer.BytesDone)
            {
                return;
            }

            _transfer.BytesDone = bytesDone;
            if (_timeProvider.GetElapsedTime(_lastEmit) >= _progressInterval)
            {
                emission = NextEventLocked(written: null);
            }
        }

        if (emission is not null)
        {
            _tracker.Emit(emission);
        }
    }

    /// <summary>Lets PauseTransfer and ResumeTransfer act on this stream (downloads).</summary>
    public void AttachPauseControl(Action pause, Action resume)
    {
        lock (_lock)
        {
            _pause = pause;
            _resume = resume;
        }
    }

    /// <summary>Marks the transfer as successfully done; it ends COMPLETED on dispose.</summary>
    public void Complete(string? mediaId = null)
    {
        lock (_lock)
        {
            _completed = true;
            if (mediaId is not null)
            {
                _transfer.MediaId = mediaId;
            }
        }
    }

    /// <summary>Marks the stream as ended by its client without finishing (an upload suspended to resume later); it ends CANCELLED.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }
    }

    internal TransferRecord Snapshot()
    {
        lock (_lock)
        {
            return new TransferRecord(_transfer.Clone(), _sequence);
        }
    }

    internal void LoseWriterLease()
    {
        _writerLeaseLost = true;
        Cancel();
    }

    /// <summary>Applies a control request of TransferService (cancel, pause, resume).</summary>
    internal void Control(TransferControl action)
    {
        if (action == TransferControl.Cancel && !_cancel.IsCancellationRequested)
        {
            _cancelledByOwner = true;
        }

        Apply(action);
    }

    internal void Apply(TransferControl action)
    {
        switch (action)
        {
            case TransferControl.Cancel:
                Cancel();
                break;
            case TransferControl.Pause:
                ChangeState(TransferState.Active, TransferState.Paused, h => h._pause);
                break;
            case TransferControl.Resume:
                ChangeState(TransferState.Paused, TransferState.Active, h => h._resume);
                break;
            default:
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        TransferEmission emission;
        lock (_lock)
        {
            _transfer.State = _completed ? TransferState.Completed
                : _stopped || _cancel.IsCancellationRequested ? TransferState.Cancelled
                : TransferState.Failed;
            emission = NextEventLocked(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        // Waits (bounded) until the registry has the final state, so the slot is free before
        // the client sees the call end and a retry cannot meet its own previous transfer.
        await _tracker.EndAsync(this, emission);
        _cancel.Dispose();
    }

    private void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Ended meanwhile.
        }
    }

    private void ChangeState(TransferState from, TransferState to, Func<ActiveTransfer, Action?> hook)
    {
        TransferEmission emission;
        Action? action;
        lock (_lock)
        {
            if (_disposed != 0 || _transfer.State != from || (action = hook(this)) is null)
            {
                return;
            }

            _transfer.State = to;
            emission = NextEventLocked(written: null);
        }

        action();
        _tracker.Emit(emission);
    }

    private TransferEmission NextEventLocked(TaskCompletionSource? written)
    {
        var now = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());
        _lastEmit = _timeProvider.GetTimestamp();
        _sequence++;
        _transfer.UpdateTime = now;
        var progress = new TransferProgress
        {
            TransferId = _transfer.TransferId,
            Sequence = _sequence,
            BytesDone = _transfer.BytesDone,
            TotalBytes = _transfer.TotalBytes,
            State = _transfer.State,
            EventTime = now,
        };
        return new TransferEmission(new TransferRecord(_transfer.Clone(), _sequence), progress, written);
    }
}
