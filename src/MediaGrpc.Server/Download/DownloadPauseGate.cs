using Grpc.Core;
using MediaGrpc.Server.Errors;

namespace MediaGrpc.Server.Download;

/// <summary>
/// Pause and resume of one download, set by the control messages the client sends and
/// obeyed by the loop that sends chunks. A pause that outlasts the limit, or a bad
/// control message, ends the download.
/// </summary>
internal sealed class DownloadPauseGate(TimeProvider timeProvider, TimeSpan maxPause)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _resumed;
    private Exception? _fault;

    public bool IsPaused
    {
        get
        {
            lock (_lock)
            {
                return _resumed is not null;
            }
        }
    }

    public void Pause()
    {
        lock (_lock)
        {
            _resumed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            _resumed?.TrySetResult();
            _resumed = null;
        }
    }

    /// <summary>Makes the sender stop with <paramref name="exception"/>.</summary>
    public void Fail(Exception exception)
    {
        lock (_lock)
        {
            _fault ??= exception;
            _resumed?.TrySetException(exception);
        }
    }

    /// <summary>Throws the control side's failure, if any.</summary>
    public void ThrowIfFaulted()
    {
        lock (_lock)
        {
            if (_fault is not null)
            {
                throw _fault;
            }
        }
    }

    /// <summary>Waits until resumed; DEADLINE_EXCEEDED when the pause outlasts the limit.</summary>
    public async Task WaitForResumeAsync(CancellationToken cancellationToken)
    {
        Task resumed;
        lock (_lock)
        {
            if (_resumed is null)
            {
                return;
            }

            resumed = _resumed.Task;
        }

        try
        {
            await resumed.WaitAsync(maxPause, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw MediaErrors.Plain(StatusCode.DeadlineExceeded, $"The download stayed paused longer than {maxPause}.");
        }
    }
}
