using Grpc.Core;
using MediaGrpc.Server.Errors;

namespace MediaGrpc.Server.Download;

/// <summary>
/// A download's response writes under <see cref="Media.MediaOptions.DownloadStallTimeout"/>:
/// a write that waits longer than that for the client's HTTP/2 flow-control window (the client
/// stopped reading without pausing) ends the download, so a silent client holds its read-ahead
/// buffers and its transfer slot for a bounded time, not forever. The limit applies to each
/// write (one chunk), and every completed write re-arms it: a client is cut only when it takes
/// in less than one chunk per limit (with 256 KiB chunks and 2 minutes, under about 2 KiB/s).
/// </summary>
/// <remarks>
/// Cancelling a pending write makes Kestrel reset the stream (RST_STREAM CANCEL): the client,
/// which was not reading, sees CANCELLED when it reads again, and resumes from the offset it
/// holds with <c>read_offset</c>. One timer per stream, re-armed per write: nothing is
/// allocated per chunk.
/// </remarks>
internal sealed class StallLimitedWriter<T>(IServerStreamWriter<T> inner, TimeSpan limit, CancellationToken writes) : IDisposable
{
    private readonly CancellationTokenSource _stall = CancellationTokenSource.CreateLinkedTokenSource(writes);

    /// <summary>Set once a write outlasted the limit.</summary>
    public bool Stalled { get; private set; }

    public async Task WriteAsync(T message)
    {
        _stall.CancelAfter(limit);
        try
        {
            await inner.WriteAsync(message, _stall.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && _stall.IsCancellationRequested && !writes.IsCancellationRequested)
        {
            Stalled = true;
            throw MediaErrors.Plain(StatusCode.DeadlineExceeded, $"The client read nothing for {limit}; the download ended. Resume with read_offset.");
        }
        finally
        {
            if (!_stall.IsCancellationRequested)
            {
                _stall.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose() => _stall.Dispose();
}
