namespace MediaGrpc.Client;

/// <summary>Settings of <see cref="MediaGrpcClient"/>.</summary>
public sealed class MediaGrpcClientOptions
{
    /// <summary>
    /// API key, or JWT, sent as <c>authorization: Bearer …</c>; null to send none (servers with
    /// no identity configured, or a client certificate as identity). Default null.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Bytes per upload chunk; clamped to the server's maximum. Default 1 MiB.</summary>
    public int UploadChunkSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Attempts an upload makes before a retryable failure reaches the caller. Default 12:
    /// with the default delays about 36 s of retries, past the server's default transfer
    /// heartbeat TTL (30 s), after which the writer lease of a replica that died has lapsed
    /// and the upload resumes anywhere. Also the most calls a <c>DownloadAsync</c> or a unary
    /// call (<c>GetMediaAsync</c> and the like) makes while the owner's rate limit refuses it.
    /// </summary>
    public int MaxUploadAttempts { get; set; } = 12;

    /// <summary>Wait before the first retry; doubles each time up to <see cref="MaxRetryDelay"/>. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Longest wait between retries. Also the longest wait a server may advise (the owner's
    /// rate limit: RESOURCE_EXHAUSTED with RetryInfo) that every call of the client waits out
    /// by itself; a longer one reaches the caller with its detail. Default 5 s.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest any single call may take; null for no deadline. Default null.</summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>
    /// Called with the upload ID each time the server accepts an upload stream (the first
    /// start and every resume), before any byte is sent: a caller can remember the ID and
    /// resume the upload later, even after its own process ends. Default null.
    /// </summary>
    public Action<string>? UploadAccepted { get; set; }
}
