using MediaGrpc.Redis.Internal;

namespace MediaGrpc.Redis;

// The two loops that own the socket: one drains the output pipe into it, one parses replies
// out of it and completes the pending commands in order. Either one failing fails the
// connection as a whole, through Fail.
public sealed partial class RedisConnection
{
    private async Task ReceiveLoopAsync()
    {
        // Yield so the constructor returns before the first read is posted.
        await Task.Yield();
        RedisConnectionException failure;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_shutdown.Token);
                var buffer = result.Buffer;
                while (RespReader.TryRead(ref buffer, _limits, out var value))
                {
                    Dispatch(value);
                }

                if (result.IsCompleted)
                {
                    failure = new RedisConnectionException(buffer.IsEmpty
                        ? $"Redis at {_endpointText} closed the connection."
                        : $"Redis at {_endpointText} closed the connection in the middle of a reply.");
                    break;
                }

                // A partial reply stays unconsumed but fully examined: wake up only for new bytes.
                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Fail already ran; the failure it recorded is the one callers see.
            failure = new RedisConnectionException($"The connection to Redis at {_endpointText} was closed.");
        }
        catch (RespProtocolException ex)
        {
            RedisLog.ProtocolError(_logger, _endpointText, ex);
            failure = new RedisConnectionException($"Redis at {_endpointText} sent data that is not valid RESP: {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            failure = new RedisConnectionException($"Lost the connection to Redis at {_endpointText}: {ex.Message}", ex);
        }

        Fail(failure);
        await _input.CompleteAsync();
    }

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        RedisConnectionException? failure = null;
        var output = _output.Reader;
        try
        {
            while (true)
            {
                var result = await output.ReadAsync(_shutdown.Token);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await _transport.WriteAsync(segment, _shutdown.Token);
                }

                await _transport.FlushAsync(_shutdown.Token);
                output.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            failure = new RedisConnectionException($"Lost the connection to Redis at {_endpointText}: {ex.Message}", ex);
        }

        // Completing the reader releases any writer blocked in FlushAsync by back-pressure.
        await output.CompleteAsync();
        if (failure is not null)
        {
            Fail(failure);
        }
    }

    private void Dispatch(RespValue value)
    {
        // RESP3 push data (pub/sub, client tracking) is out of band: it answers no command.
        if (value.Type == RespType.Push)
        {
            DeliverPush(value);
            return;
        }

        TaskCompletionSource<RespValue>? reply;
        lock (_pending)
        {
            _pending.TryDequeue(out reply);
        }

        if (reply is null)
        {
            // In RESP2 subscriber mode, messages and confirmations are plain arrays.
            if (_pushHandler is not null)
            {
                DeliverPush(value);
                return;
            }

            throw RespProtocolErrors.UnexpectedReply();
        }

        // False when the caller already gave up: the reply is consumed and dropped.
        reply.TrySetResult(value);
    }

    private void DeliverPush(RespValue value)
    {
        if (_pushHandler is null)
        {
            RedisLog.PushIgnored(_logger, _endpointText);
            return;
        }

        _pushHandler(value);
    }

    // Records the first failure, fails every command in flight with it, and tears the
    // transport down so both loops stop. Later calls are no-ops.
    private void Fail(RedisConnectionException failure)
    {
        TaskCompletionSource<RespValue>[] orphans;
        lock (_pending)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = failure;
            orphans = [.. _pending];
            _pending.Clear();
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            RedisLog.Closed(_logger, _endpointText, orphans.Length);
        }
        else
        {
            RedisLog.Disconnected(_logger, _endpointText, orphans.Length, failure);
        }

        _shutdown.Cancel();
        _transport.Dispose();
        _closed.TrySetResult();
        foreach (var orphan in orphans)
        {
            orphan.TrySetException(failure);

            // Callers that gave up never observe this task; mark it observed so abandoning a
            // command does not surface later as an UnobservedTaskException.
            _ = orphan.Task.Exception;
        }
    }
}
