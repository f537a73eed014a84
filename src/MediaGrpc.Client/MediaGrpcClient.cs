using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MediaGrpc.Client.Internal;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Client;

/// <summary>
/// The .NET client of MediaGrpc. Thread-safe; share one per channel. Failed calls throw
/// <see cref="RpcException"/> with the status codes documented in the contract. In a host
/// with dependency injection, register it with
/// <see cref="MediaGrpcClientServiceCollectionExtensions.AddMediaGrpcClient"/>.
/// </summary>
public sealed partial class MediaGrpcClient
{
    private readonly CallInvoker _invoker;
    private readonly UploadService.UploadServiceClient _upload;
    private readonly MediaService.MediaServiceClient _media;
    private readonly TransferService.TransferServiceClient _transfers;
    private readonly MediaGrpcClientOptions _options;

    /// <param name="channel">The channel to the server; the caller owns it.</param>
    /// <param name="options">Client settings; defaults when null.</param>
    public MediaGrpcClient(GrpcChannel channel, MediaGrpcClientOptions? options = null)
        : this((channel ?? throw new ArgumentNullException(nameof(channel))).CreateCallInvoker(), options)
    {
    }

    /// <param name="callInvoker">Any call invoker: a channel's, an intercepted one, the client factory's.</param>
    /// <param name="options">Client settings; defaults when null.</param>
    public MediaGrpcClient(CallInvoker callInvoker, MediaGrpcClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(callInvoker);
        _invoker = callInvoker.Intercept(new PassedDeadlineInterceptor());
        _upload = new UploadService.UploadServiceClient(_invoker);
        _media = new MediaService.MediaServiceClient(_invoker);
        _transfers = new TransferService.TransferServiceClient(_invoker);
        _options = options ?? new MediaGrpcClientOptions();
        if (_options.UploadChunkSize <= 0)
        {
            throw new ArgumentException("UploadChunkSize must be positive.", nameof(options));
        }
    }

    /// <summary>A downloader on this client's channel and settings: to a file or memory, with pause, resume and breakpoint resume.</summary>
    public MediaDownloader CreateDownloader() => new(_invoker, _options);

    /// <summary>The record of a media, while its TTL holds.</summary>
    public async Task<MediaRecord> GetMediaAsync(string mediaId, CancellationToken cancellationToken = default)
    {
        var response = await WaitingOutRateLimitAsync(options => _media.GetMediaAsync(new GetMediaRequest { MediaId = mediaId }, options).ResponseAsync, cancellationToken);
        return response.Media;
    }

    /// <summary>Deletes a media the caller owns.</summary>
    public Task DeleteMediaAsync(string mediaId, CancellationToken cancellationToken = default) =>
        WaitingOutRateLimitAsync(options => _media.DeleteMediaAsync(new DeleteMediaRequest { MediaId = mediaId }, options).ResponseAsync, cancellationToken);

    /// <summary>The persisted offset of an upload, and its media once complete.</summary>
    public Task<GetUploadStatusResponse> GetUploadStatusAsync(string uploadId, CancellationToken cancellationToken = default) =>
        WaitingOutRateLimitAsync(options => _upload.GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = uploadId }, options).ResponseAsync, cancellationToken);

    /// <summary>Discards an unfinished upload and its staged bytes.</summary>
    public Task AbortUploadAsync(string uploadId, CancellationToken cancellationToken = default) =>
        WaitingOutRateLimitAsync(options => _upload.AbortUploadAsync(new AbortUploadRequest { UploadId = uploadId }, options).ResponseAsync, cancellationToken);

    /// <summary>
    /// Makes a call, and makes it again after the server's advised wait when the owner's rate
    /// limit refused it (RESOURCE_EXHAUSTED with RetryInfo, at most
    /// <see cref="MediaGrpcClientOptions.MaxRetryDelay"/>), up to
    /// <see cref="MediaGrpcClientOptions.MaxUploadAttempts"/> calls. The limit refuses a call
    /// before it runs, so this is safe for every call, deletes included, as long as the refused
    /// attempt did nothing on this side either: <paramref name="nothingDone"/>, when given, says so.
    /// </summary>
    private async Task<TResponse> WaitingOutRateLimitAsync<TResponse>(
        Func<CallOptions, Task<TResponse>> call, CancellationToken cancellationToken, Func<bool>? nothingDone = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(Call(cancellationToken));
            }
            catch (RpcException e) when (attempt < _options.MaxUploadAttempts && (nothingDone?.Invoke() ?? true)
                && ServerRetryAdvice.TryGetDelay(e, _options.MaxRetryDelay, out var advised))
            {
                await Task.Delay(advised, cancellationToken);
            }
        }
    }

    private CallOptions Call(CancellationToken cancellationToken)
    {
        Metadata? headers = null;
        if (_options.ApiKey is { } key)
        {
            headers = new Metadata { { "authorization", "Bearer " + key } };
        }

        DateTime? deadline = _options.CallTimeout is { } timeout ? DateTime.UtcNow + timeout : null;
        return new CallOptions(headers, deadline, cancellationToken);
    }
}
