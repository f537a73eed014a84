using System.IO.Pipelines;
using System.Net;
using Google.Protobuf;

namespace MediaGrpc.Rpc.Internal;

/// <summary>
/// The request body of a call. With one message (unary, server streaming) it writes the
/// message's frame and ends. Otherwise it hands the HTTP/2 request stream to the
/// <see cref="ClientStreamWriter{TRequest, TResponse}"/>, which writes frames as the
/// caller writes messages, and stays open until the request stream is completed
/// (END_STREAM) or the call is aborted (the stream is reset).
/// </summary>
internal sealed class ClientRequestContent : HttpContent
{
    private static readonly StreamPipeWriterOptions s_writerOptions = new(minimumBufferSize: 16 * 1024, leaveOpen: true);

    private readonly IMessage? _message;
    private readonly int _maxSendMessageSize;
    private readonly bool _compress;
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClientRequestContent(IMessage? message, int maxSendMessageSize, bool compress)
    {
        _message = message;
        _maxSendMessageSize = maxSendMessageSize;
        _compress = compress;
        Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
    }

    /// <summary>Options for pipe writers over the request stream: pooled buffers, and the stream stays HttpClient's.</summary>
    public static StreamPipeWriterOptions WriterOptions => s_writerOptions;

    /// <summary>The request stream, once HttpClient has sent the headers; cancelled if the call ends first.</summary>
    public Task<Stream> WaitForStreamAsync() => _stream.Task;

    /// <summary>Ends the request stream normally (END_STREAM).</summary>
    public void End()
    {
        _ended.TrySetResult();
        _stream.TrySetCanceled();
    }

    /// <summary>Fails the request body, so HttpClient resets the stream instead of ending it.</summary>
    public void Abort()
    {
        _ended.TrySetCanceled();
        _stream.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_message is not null)
        {
            await WriteSingleAsync(stream, _message, cancellationToken).ConfigureAwait(false);
            return;
        }

        // SocketsHttpHandler holds the HEADERS frame back until the body writes: flush now,
        // as the server may answer (or the call sit idle) before the first message.
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.TrySetResult(stream);
        await _ended.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        // Streamed: HTTP/2 needs no content-length, and a stream has none to give.
        length = -1;
        return false;
    }

    private async Task WriteSingleAsync(Stream stream, IMessage message, CancellationToken cancellationToken)
    {
        var writer = PipeWriter.Create(stream, s_writerOptions);
        try
        {
            if (_compress)
            {
                GrpcCompression.WriteCompressedFrame(writer, message, _maxSendMessageSize);
            }
            else
            {
                GrpcFrame.Write(writer, message, _maxSendMessageSize);
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }
}
