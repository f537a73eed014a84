using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Client.Internal;

namespace MediaGrpc.Client;

/// <summary>
/// Downloads media to a file or to memory, headers first, with progress, pause, resume,
/// cancel, a timeout, and breakpoint resume: a file download writes <c>name.part</c> and,
/// started again after any interruption, continues from the <c>.part</c>'s length under
/// the etag precondition, verifies the SHA-256, and only then renames it to <c>name</c>.
/// </summary>
public sealed class MediaDownloader
{
    private readonly CallInvoker _invoker;
    private readonly MediaGrpcClientOptions _options;

    /// <param name="channel">The channel to the server; the caller owns it.</param>
    /// <param name="options">API key and default timeout; defaults when null.</param>
    public MediaDownloader(GrpcChannel channel, MediaGrpcClientOptions? options = null)
        : this((channel ?? throw new ArgumentNullException(nameof(channel))).CreateCallInvoker(), options)
    {
    }

    /// <param name="callInvoker">Any call invoker: a channel's, an intercepted one, the client factory's.</param>
    /// <param name="options">API key and default timeout; defaults when null.</param>
    public MediaDownloader(CallInvoker callInvoker, MediaGrpcClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(callInvoker);
        _invoker = callInvoker;
        _options = options ?? new MediaGrpcClientOptions();
    }

    /// <summary>
    /// Starts downloading <paramref name="mediaId"/> to <paramref name="path"/>, resuming a
    /// <c>{path}.part</c> left by an earlier attempt. If the media changed since (FAILED_PRECONDITION),
    /// the part is discarded and the download starts over once.
    /// </summary>
    public DownloadTask DownloadToFile(string mediaId, string path, MediaDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Start(mediaId, new FileDownloadTarget(Path.GetFullPath(path)), options, cancellationToken);
    }

    /// <summary>Starts downloading <paramref name="mediaId"/> into memory (<see cref="DownloadedMedia.Content"/>).</summary>
    public DownloadTask DownloadToMemory(string mediaId, MediaDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        return Start(mediaId, new MemoryDownloadTarget(), options, cancellationToken);
    }

    private DownloadTask Start(string mediaId, IDownloadTarget target, MediaDownloadOptions? options, CancellationToken cancellationToken)
    {
        options ??= new MediaDownloadOptions();
        if (options.Timeout is null && _options.CallTimeout is { } timeout)
        {
            options = new MediaDownloadOptions
            {
                ChunkSize = options.ChunkSize,
                Timeout = timeout,
                Progress = options.Progress,
                OnHeader = options.OnHeader,
                MaxAttempts = options.MaxAttempts,
            };
        }

        Metadata? headers = _options.ApiKey is { } key ? new Metadata { { "authorization", "Bearer " + key } } : null;
        return new DownloadTask(
            _invoker, headers, mediaId, target, options, _options.RetryDelay, _options.MaxRetryDelay, cancellationToken);
    }
}
