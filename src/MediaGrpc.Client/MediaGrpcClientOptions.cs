namespace MediaGrpc.Client;

/// <summary>Settings of <see cref="MediaGrpcClient"/>.</summary>
public sealed class MediaGrpcClientOptions
{
    /// <summary>API key sent as <c>authorization: Bearer KEY</c>; null to send none (servers with no keys configured). Default null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Bytes per upload chunk; clamped to the server's maximum. Default 1 MiB.</summary>
    public int UploadChunkSize { get; set; } = 1024 * 1024;

    /// <summary>Longest any single call may take; null for no deadline. Default null.</summary>
    public TimeSpan? CallTimeout { get; set; }
}
