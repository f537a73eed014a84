namespace MediaGrpc.Storage;

/// <summary>Options of <see cref="AzureBlobClient"/>.</summary>
public sealed class AzureBlobClientOptions
{
    /// <summary>
    /// Required. An Azure Storage connection string with AccountName and AccountKey (Shared Key)
    /// or SharedAccessSignature, optionally BlobEndpoint, DefaultEndpointsProtocol and
    /// EndpointSuffix; or <c>UseDevelopmentStorage=true</c> for Azurite on 127.0.0.1:10000.
    /// It holds a secret: never log it.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Retries after the first attempt on 408, 429, 500, 502, 503, 504, connection failures and timeouts. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles per retry, with ±20 % jitter. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one retry delay, also for a service's Retry-After. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time allowed for one attempt, until the response is read (for Get Blob, until its headers
    /// arrive). Default 100 s, enough for a large block over a slow link.
    /// </summary>
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(100);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("AzureBlobClientOptions.ConnectionString is required.");
        }

        if (MaxRetries < 0 || RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay || TryTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                "AzureBlobClientOptions needs MaxRetries >= 0, 0 <= RetryDelay <= MaxRetryDelay and a positive TryTimeout.");
        }
    }
}
