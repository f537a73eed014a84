using System.IO.Pipelines;
using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// The request stream of a client-streaming or duplex call: each message is serialized
/// straight into a pipe writer over the HTTP/2 request stream and flushed, so a write
/// completes when HTTP/2 flow control has taken it.
/// </summary>
internal sealed class ClientStreamWriter<TRequest, TResponse> : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private const int Idle = 0;
    private const int Writing = 1;
    private const int Completed = 2;
    private const int Released = 3;

    private readonly ClientCall<TRequest, TResponse> _call;
    private PipeWriter? _writer;
    private int _state;

    public ClientStreamWriter(ClientCall<TRequest, TResponse> call) => _call = call;

    public bool CompressMessages { get; set; } = true;

    /// <remarks>Cancelling <paramref name="cancellationToken"/> cancels the whole call.</remarks>
    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (Interlocked.CompareExchange(ref _state, Writing, Idle))
        {
            case Writing:
                throw new InvalidOperationException("A write is already in progress: await each write before starting the next.");
            case Completed:
                throw new InvalidOperationException("The request stream was completed: no more messages can be written.");
            case Released:
                throw _call.CreateEndedException();
        }

        using var registration = _call.RegisterOperation(cancellationToken);
        try
        {
            if (_call.IsEnded)
            {
                throw _call.CreateEndedException();
            }

            var writer = _writer;
            if (writer is null)
            {
                var stream = await _call.Content.WaitForStreamAsync().WaitAsync(_call.AbortToken).ConfigureAwait(false);
                writer = _writer = PipeWriter.Create(stream, ClientRequestContent.WriterOptions);
            }

            if (_call.Compression is not null && CompressMessages)
            {
                GrpcCompression.WriteCompressedFrame(writer, message, _call.MaxSendMessageSize);
            }
            else
            {
                GrpcFrame.Write(writer, message, _call.MaxSendMessageSize);
            }
            await writer.FlushAsync(_call.AbortToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A failed write leaves the stream unusable: this write owns the writer, so it releases it.
            Volatile.Write(ref _state, Released);
            CompleteWriter(e);
            throw _call.MapFailure(e);
        }

        // The call may have been disposed during the write, which left the writer to us.
        if (Interlocked.CompareExchange(ref _state, Idle, Writing) != Writing)
        {
            CompleteWriter();
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (Interlocked.CompareExchange(ref _state, Completed, Idle))
        {
            case Writing:
                throw new InvalidOperationException("A write is in progress: await it before completing the request stream.");
            case Completed or Released:
                return;
        }

        var writer = Interlocked.Exchange(ref _writer, null);
        if (writer is not null)
        {
            // Every write was flushed already; this returns the pipe's pooled buffers.
            await writer.CompleteAsync().ConfigureAwait(false);
        }

        _call.Content.End();
    }

    /// <summary>Gives up the stream when the call is over; a write in progress gives it up itself.</summary>
    internal void Release()
    {
        var previous = Interlocked.Exchange(ref _state, Released);
        if (previous != Writing)
        {
            CompleteWriter();
        }
    }

    /// <summary>
    /// Returns the writer's pooled buffers. Completing with a reason keeps it from
    /// flushing leftovers into a stream that is being reset.
    /// </summary>
    private void CompleteWriter(Exception? reason = null) =>
        Interlocked.Exchange(ref _writer, null)?.Complete(reason ?? new OperationCanceledException("The call ended."));
}
