namespace MediaGrpc.Client;

/// <summary>Settings of <see cref="MediaGrpcClient"/>.</summary>
public sealed class MediaGrpcClientOptions
{
    /// <summary>API key sent as <c>authorization: Bearer KEY</c>; null to send none (servers with no keys configured). Default null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Bytes per upload chunk; clamped to the server's maximum. Default 1 MiB.</summary>
    public int UploadChunkSize { get; set; } = 1024 * 1024;

    /// <summary>Attempts an upload makes before a retryable failure reaches the caller. Default 8.</summary>
    public int MaxUploadAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry; doubles each time up to <see cref="MaxRetryDelay"/>. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between retries. Default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest any single call may take; null for no deadline. Default null.</summary>
    public TimeSpan? CallTimeout { get; set; }
}
