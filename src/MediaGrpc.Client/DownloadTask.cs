using System.Threading.Channels;
using Grpc.Core;
using MediaGrpc.Client.Internal;
using MediaGrpc.Contracts.Pooling;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client;

/// <summary>
/// A running download: await <see cref="Completion"/> (or the task itself), watch
/// <see cref="State"/> and <see cref="BytesReceived"/>, and steer it with
/// <see cref="Pause"/>, <see cref="Resume"/> and <see cref="Cancel"/>. Pause and resume
/// travel on the same stream, so a paused download keeps its place on the server.
/// </summary>
public sealed class DownloadTask : IDisposable
{
    private readonly CallInvoker _invoker;
    private readonly Metadata? _headers;
    private readonly string _mediaId;
    private readonly IDownloadTarget _target;
    private readonly MediaDownloadOptions _options;
    private readonly TimeSpan _retryDelay;
    private readonly TimeSpan _maxRetryDelay;
    private readonly CancellationTokenSource _cancel;
    private readonly TaskCompletionSource<DownloadHeader> _header = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private Channel<DownloadRequest>? _control;
    private bool _pauseWanted;
    private long _bytesReceived;
    private DownloadTaskState _state;

    internal DownloadTask(
        CallInvoker invoker,
        Metadata? headers,
        string mediaId,
        IDownloadTarget target,
        MediaDownloadOptions options,
        TimeSpan retryDelay,
        TimeSpan maxRetryDelay,
        CancellationToken cancellationToken)
    {
        _retryDelay = retryDelay;
        _maxRetryDelay = maxRetryDelay;
        _invoker = invoker;
        _headers = headers;
        _mediaId = mediaId;
        _target = target;
        _options = options;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = _header.Task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        Completion = RunAsync();
    }

    /// <summary>The finished, verified download; faults with <see cref="RpcException"/>, or is cancelled.</summary>
    public Task<DownloadedMedia> Completion { get; }

    /// <summary>The header, once the server sent it.</summary>
    public Task<DownloadHeader> Header => _header.Task;

    /// <summary>Bytes the destination holds, from the media's start (a resumed part included).</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Where the download is.</summary>
    public DownloadTaskState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Lets <c>await task</c> wait for <see cref="Completion"/>.</summary>
    public System.Runtime.CompilerServices.TaskAwaiter<DownloadedMedia> GetAwaiter() => Completion.GetAwaiter();

    /// <summary>Asks the server to stop sending; <see cref="State"/> turns Paused when it confirms. A pause outlasting the server's limit ends the download with DEADLINE_EXCEEDED.</summary>
    public void Pause() => Control(pause: true);

    /// <summary>Asks the server to continue after <see cref="Pause"/>.</summary>
    public void Resume() => Control(pause: false);

    /// <summary>Cancels the call at once; a file download keeps its <c>.part</c> to resume later.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>Cancels the download if it still runs.</summary>
    public void Dispose()
    {
        if (!Completion.IsCompleted)
        {
            _cancel.Cancel();
        }
    }

    private void Control(bool pause)
    {
        lock (_lock)
        {
            _pauseWanted = pause;
            _control?.Writer.TryWrite(pause ? new DownloadRequest { Pause = new DownloadPause() } : new DownloadRequest { Resume = new DownloadResume() });
        }
    }

    private async Task<DownloadedMedia> RunAsync()
    {
        await Task.Yield();
        var cancellationToken = _cancel.Token;
        DateTime? deadline = _options.Timeout is { } timeout ? DateTime.UtcNow + timeout : null;
        var restarted = false;
        var delay = _retryDelay;
        try
        {
            await using (_target)
            {
                await _target.PrepareAsync(cancellationToken);
                var resumedFrom = _target.Offset;
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var media = await RunCallAsync(deadline, cancellationToken);
                        SetState(DownloadTaskState.Completed);
                        return media with { ResumedFrom = resumedFrom };
                    }
                    catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && _target.Etag is not null && !restarted)
                    {
                        // The held bytes belong to a version that is gone: start over, once.
                        restarted = true;
                        resumedFrom = 0;
                        await _target.DiscardAsync();
                    }
                    catch (RpcException e) when (attempt < _options.MaxAttempts && ServerRetryAdvice.TryGetDelay(e, _maxRetryDelay, out var advised))
                    {
                        // The owner's rate limit: the server says when a call will be let in.
                        await Task.Delay(advised, cancellationToken);
                    }
                    catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal && attempt < _options.MaxAttempts)
                    {
                        // A broken connection or stream: continue from the bytes held, under their etag.
                        await Task.Delay(delay, cancellationToken);
                        delay = delay * 2 < _maxRetryDelay ? delay * 2 : _maxRetryDelay;
                    }

                    await _target.PrepareAsync(cancellationToken);
                }
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException)
        {
            SetState(DownloadTaskState.Cancelled);
            _header.TrySetCanceled(cancellationToken);
            throw new OperationCanceledException("The download was cancelled.", e, cancellationToken);
        }
        catch (Exception e)
        {
            SetState(DownloadTaskState.Failed);
            _header.TrySetException(e);
            throw;
        }
    }

    private async Task<DownloadedMedia> RunCallAsync(DateTime? deadline, CancellationToken cancellationToken)
    {
        SetState(DownloadTaskState.Starting);
        // Each chunk is written to the target before the next read: no allocation per chunk.
        using var call = _invoker.AsyncDuplexStreamingCall(
            ChunkMethods.DownloadPooledResponses, null, new CallOptions(_headers, deadline, cancellationToken));
        using var responses = new PooledStreamReader<DownloadResponse>(call.ResponseStream);
        var open = new DownloadOpen
        {
            MediaId = _mediaId,
            ReadOffset = _target.Offset,
            ChunkSize = _options.ChunkSize,
            IfMatchEtag = _target.Etag ?? string.Empty,
        };
        await OpeningMessage.WriteAsync(call.RequestStream, responses, new DownloadRequest { Open = open }, cancellationToken);

        var control = Channel.CreateUnbounded<DownloadRequest>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            _control = control;
            if (_pauseWanted)
            {
                control.Writer.TryWrite(new DownloadRequest { Pause = new DownloadPause() });
            }
        }

        using var controlStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var controlWriter = WriteControlAsync(call.RequestStream, control.Reader, controlStop.Token);
        try
        {
            var media = await ReadResponsesAsync(responses, cancellationToken);
            // Completed: half-close, as the contract asks, so the server ends the call at once.
            control.Writer.TryComplete();
            await controlWriter;
            return media;
        }
        finally
        {
            lock (_lock)
            {
                _control = null;
            }

            control.Writer.TryComplete();
            await controlStop.CancelAsync();
            await controlWriter;
        }
    }

    private async Task<DownloadedMedia> ReadResponsesAsync(PooledStreamReader<DownloadResponse> responses, CancellationToken cancellationToken)
    {
        DownloadHeader? header = null;
        var next = _target.Offset;
        while (await responses.MoveNext(cancellationToken))
        {
            var response = responses.Current;
            switch (response.MessageCase)
            {
                case DownloadResponse.MessageOneofCase.Header:
                    header = DownloadHeaders.Keep(response.Header);
                    if (header.Offset != next)
                    {
                        throw new RpcException(new Status(StatusCode.Internal, $"The header starts at {header.Offset}, not at the requested {next}."));
                    }

                    await _target.BeginAsync(header, cancellationToken);
                    if (_header.TrySetResult(header))
                    {
                        _options.OnHeader?.Invoke(header);
                    }

                    Report(next, header);
                    SetState(DownloadTaskState.Running);
                    break;
                case DownloadResponse.MessageOneofCase.Chunk when header is not null:
                    var chunk = response.Chunk;
                    if (chunk.Offset != next)
                    {
                        throw new RpcException(new Status(StatusCode.Internal, $"A chunk arrived at {chunk.Offset} where {next} was expected."));
                    }

                    await _target.WriteAsync(chunk.Data.Memory, cancellationToken);
                    next += chunk.Data.Length;
                    Report(next, header);
                    break;
                case DownloadResponse.MessageOneofCase.Paused:
                    SetState(DownloadTaskState.Paused);
                    break;
                case DownloadResponse.MessageOneofCase.Resumed:
                    SetState(DownloadTaskState.Running);
                    break;
                case DownloadResponse.MessageOneofCase.Completed when header is not null:
                    return await _target.CompleteAsync(header, cancellationToken);
                default:
                    throw new RpcException(new Status(StatusCode.Internal, $"Unexpected '{response.MessageCase}' in the download stream."));
            }
        }

        throw new RpcException(new Status(StatusCode.Internal, "The download ended without a completed message."));
    }

    private static async Task WriteControlAsync(
        IClientStreamWriter<DownloadRequest> requests, ChannelReader<DownloadRequest> control, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in control.ReadAllAsync(cancellationToken))
            {
                await requests.WriteAsync(message, cancellationToken);
            }

            await requests.CompleteAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException or InvalidOperationException)
        {
            // The call ended: its status reaches the caller through the response side.
        }
    }

    private void Report(long received, DownloadHeader header)
    {
        Interlocked.Exchange(ref _bytesReceived, received);
        _options.Progress?.Report(new DownloadProgress(received, header.Media.Size));
    }

    private void SetState(DownloadTaskState state)
    {
        lock (_lock)
        {
            _state = state;
        }
    }
}
