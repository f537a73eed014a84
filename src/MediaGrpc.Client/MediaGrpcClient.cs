using MediaGrpc.Client.Internal;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;

namespace MediaGrpc.Client;

/// <summary>
/// The .NET client of MediaGrpc. Thread-safe; share one per channel. Failed calls throw
/// <see cref="RpcException"/> with the status codes documented in the contract.
/// </summary>
public sealed partial class MediaGrpcClient
{
    private readonly GrpcChannel _channel;
    private readonly MediaGrpcClientOptions _options;

    /// <param name="channel">The channel to the server; the caller owns it.</param>
    /// <param name="options">Client settings; defaults when null.</param>
    public MediaGrpcClient(GrpcChannel channel, MediaGrpcClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _channel = channel;
        _options = options ?? new MediaGrpcClientOptions();
        if (_options.UploadChunkSize <= 0)
        {
            throw new ArgumentException("UploadChunkSize must be positive.", nameof(options));
        }
    }

    /// <summary>A downloader on this client's channel and settings: to a file or memory, with pause, resume and breakpoint resume.</summary>
    public MediaDownloader CreateDownloader() => new(_channel, _options);

    /// <summary>The record of a media, while its TTL holds.</summary>
    public async Task<MediaRecord> GetMediaAsync(string mediaId, CancellationToken cancellationToken = default)
    {
        var response = await _channel.UnaryAsync(MediaMethods.GetMedia, new GetMediaRequest { MediaId = mediaId }, Call(cancellationToken));
        return response.Media;
    }

    /// <summary>Deletes a media the caller owns.</summary>
    public Task DeleteMediaAsync(string mediaId, CancellationToken cancellationToken = default) =>
        _channel.UnaryAsync(MediaMethods.DeleteMedia, new DeleteMediaRequest { MediaId = mediaId }, Call(cancellationToken));

    /// <summary>The persisted offset of an upload, and its media once complete.</summary>
    public Task<GetUploadStatusResponse> GetUploadStatusAsync(string uploadId, CancellationToken cancellationToken = default) =>
        _channel.UnaryAsync(MediaMethods.GetUploadStatus, new GetUploadStatusRequest { UploadId = uploadId }, Call(cancellationToken));

    /// <summary>Discards an unfinished upload and its staged bytes.</summary>
    public Task AbortUploadAsync(string uploadId, CancellationToken cancellationToken = default) =>
        _channel.UnaryAsync(MediaMethods.AbortUpload, new AbortUploadRequest { UploadId = uploadId }, Call(cancellationToken));

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
