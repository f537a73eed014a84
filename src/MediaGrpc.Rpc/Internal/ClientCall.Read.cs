using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// Reading the response body: length-prefixed messages from a <see cref="PipeReader"/>
/// over the HTTP/2 response stream, then the status from the trailers.
/// </summary>
/// <remarks>
/// The read side (pipe reader and HTTP response) has one owner at a time, tracked by
/// <see cref="_readState"/>: a read in progress owns it and releases it itself if the
/// call ends meanwhile; otherwise whoever ends the call claims and releases it.
/// </remarks>
internal sealed partial class ClientCall<TRequest, TResponse>
{
    private const int ReadIdle = 0;
    private const int ReadReading = 1;
    private const int ReadReleased = 2;

    // Big enough that a chunk-sized message arrives in a few reads; the pipe pools the buffers.
    private static readonly StreamPipeReaderOptions s_readerOptions = new(
        bufferSize: 64 * 1024,
        minimumReadSize: 16 * 1024,
        leaveOpen: false);

    private int _readState;

    // Set from the response headers, before any message is read.
    private bool _responseCompressed;

    // Set when the call reads its streamed responses with PayloadLifetime.UntilNextRead.
    private PayloadLease? _lease;
    private PipeReader? _reader;

    /// <summary>The next message of a response stream; null once the stream ended with OK.</summary>
    /// <exception cref="RpcException">The call ended with an error status.</exception>
    /// <remarks>Per message, so its state machine is pooled rather than allocated per read.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<TResponse?> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (!TryBeginRead())
        {
            ThrowIfFailed();
            return null;
        }

        TResponse? message;
        using (RegisterOperation(cancellationToken))
        {
            try
            {
                message = await ReadMessageAsync(pooled: _options.ResponsePayloads == PayloadLifetime.UntilNextRead).ConfigureAwait(false);
                if (message is null)
                {
                    var ended = ReadTrailingOutcome(_httpResponse!);
                    Finish(ended.Status, ended.Trailers);
                }
            }
            catch (Exception e)
            {
                EndRead(release: true);
                throw MapFailure(e);
            }
        }

        if (message is null)
        {
            EndRead(release: true);
            ThrowIfFailed();
            return null;
        }

        EndRead(release: false);
        return message;
    }

    /// <summary>
    /// The one response of a unary or client-streaming call, read to the end of the body
    /// so that the status is known: an OK status needs exactly one message.
    /// </summary>
    /// <exception cref="RpcException">The call ended with an error status.</exception>
    internal async Task<TResponse> ReadSingleResponseAsync()
    {
        if (!TryBeginRead())
        {
            ThrowIfFailed();
            throw new InvalidOperationException("The response was already read.");
        }

        TResponse? message;
        try
        {
            message = await ReadMessageAsync(pooled: false).ConfigureAwait(false);
            if (message is not null && await ReadMessageAsync(pooled: false).ConfigureAwait(false) is not null)
            {
                throw new RpcException(StatusCode.Internal, "The server sent more than one message for a call with a single response.");
            }

            var ended = ReadTrailingOutcome(_httpResponse!);
            if (ended.Status.Code == StatusCode.OK && message is null)
            {
                ended = ended with { Status = new Status(StatusCode.Internal, "The server ended the call without a response message.") };
            }

            Finish(ended.Status, ended.Trailers);
        }
        catch (Exception e)
        {
            EndRead(release: true);
            throw MapFailure(e);
        }

        EndRead(release: true);
        ThrowIfFailed();
        return message!;
    }

    /// <summary>Reads one message, or returns null at the end of the body.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResponse?> ReadMessageAsync(bool pooled)
    {
        // Asking for the next message ends the previous one's payloads.
        _lease?.Release();
        if (pooled)
        {
            _lease ??= new PayloadLease();
        }

        await _sendTask.ConfigureAwait(false);
        ThrowIfFailed();

        var reader = _reader;
        if (reader is null)
        {
            var stream = await _httpResponse!.Content.ReadAsStreamAsync(_abort.Token).ConfigureAwait(false);
            reader = _reader = PipeReader.Create(stream, s_readerOptions);
        }

        while (true)
        {
            var result = await reader.ReadAsync(_abort.Token).ConfigureAwait(false);
            var buffer = result.Buffer;

            // The size limit is checked from the prefix, before the body is waited for.
            if (GrpcFrame.TryRead(ref buffer, _channel.MaxReceiveMessageSize, _responseCompressed, out var payload, out var compressed))
            {
                // Parse before AdvanceTo: the buffer is only valid until then.
                TResponse message;
                try
                {
                    message = compressed ? ParseCompressed(payload)
                        : pooled ? PooledPayloadParser.Parse(_method.ResponseParser, payload, _lease!)
                        : _method.ResponseParser.ParseFrom(payload);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start);
                }

                return message;
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (!buffer.IsEmpty)
                {
                    throw new RpcException(StatusCode.Internal, "The response ended in the middle of a message.");
                }

                return null;
            }

            // Part of a message: all of it examined, so the next read waits for more bytes.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private TResponse ParseCompressed(System.Buffers.ReadOnlySequence<byte> payload)
    {
        var length = GrpcCompression.Decompress(payload, _channel.MaxReceiveMessageSize, out var inflated);
        try
        {
            return _method.ResponseParser.ParseFrom(new ReadOnlySpan<byte>(inflated, 0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(inflated);
        }
    }

    /// <summary>Takes the read side; false when it was already released (the response is over).</summary>
    private bool TryBeginRead()
    {
        var previous = Interlocked.CompareExchange(ref _readState, ReadReading, ReadIdle);
        if (previous == ReadReading)
        {
            throw new InvalidOperationException("A read is already in progress: await each read before starting the next.");
        }

        return previous == ReadIdle;
    }

    private void EndRead(bool release)
    {
        if (release)
        {
            Volatile.Write(ref _readState, ReadReleased);
            DisposeResponse();
            return;
        }

        Volatile.Write(ref _readState, ReadIdle);

        // The call may have ended during the read, while this read owned the response.
        if (Outcome is { Status.Code: not StatusCode.OK })
        {
            ReleaseResponse();
        }
    }

    /// <summary>Releases the read side unless a read in progress owns it (that read releases it when it ends).</summary>
    private void ReleaseResponse()
    {
        if (Interlocked.CompareExchange(ref _readState, ReadReleased, ReadIdle) != ReadReading)
        {
            DisposeResponse();
        }
    }

    /// <summary>
    /// Completes the pipe reader (returning its pooled buffers) and disposes the response.
    /// Before the end of the body, that resets the HTTP/2 stream (RST_STREAM CANCEL).
    /// </summary>
    private void DisposeResponse()
    {
        Interlocked.Exchange(ref _reader, null)?.Complete();
        _lease?.Release();
        Interlocked.Exchange(ref _httpResponse, null)?.Dispose();
    }
}
