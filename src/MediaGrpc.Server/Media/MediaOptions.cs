namespace MediaGrpc.Server.Media;

/// <summary>Limits and lifetimes of media, bound from the <c>Media</c> configuration section.</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>Largest media in bytes. Default 200 MiB.</summary>
    public long MaxMediaSize { get; set; } = 200L * 1024 * 1024;

    /// <summary>Largest data in one upload chunk, in bytes; must fit in one gRPC message. Default 2 MiB.</summary>
    public int MaxChunkSize { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// Bytes gathered before they are staged as one storage block and acknowledged.
    /// Memory per active upload is about one block. Default 4 MiB.
    /// </summary>
    public int BlockSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest display name + thumbnail + custom metadata, in bytes. Default 32 KiB.</summary>
    public int MaxMetadataSize { get; set; } = 32 * 1024;

    /// <summary>Longest display name, in characters. Default 255.</summary>
    public int MaxDisplayNameLength { get; set; } = 255;

    /// <summary>How long an unfinished upload stays resumable. Default 1 day.</summary>
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Bytes per download chunk when the client states no preference. Default 256 KiB.</summary>
    public int DefaultDownloadChunkSize { get; set; } = 256 * 1024;

    /// <summary>Largest download chunk a client may ask for. Default 2 MiB.</summary>
    public int MaxDownloadChunkSize { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// Most bytes one download or read stream holds in read-ahead buffers: storage is read
    /// ahead of the client by up to this much, and a client that reads slowly (or not at
    /// all) never makes the server hold more. Chunks larger than this are cut to it.
    /// Default 4 MiB.
    /// </summary>
    public int DownloadReadAheadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Bytes a download or read stream reads from storage between two checks that the media
    /// still has the etag its header named (one properties request each). Once a delete or
    /// replacement returns, a flowing stream sends at most <see cref="DownloadReadAheadBytes"/>
    /// plus this before it fails. Default 8 MiB: with the default read-ahead, 12 MiB.
    /// </summary>
    public int DownloadEtagCheckBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Longest a download may stay paused before the call ends with DEADLINE_EXCEEDED. Default 5 minutes.</summary>
    public TimeSpan MaxPauseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest one response write of a download or read may wait for a client that stopped
    /// reading without pausing; past it the stream is reset and its buffers and transfer slot
    /// are freed. Each completed chunk re-arms it, so only a client taking in less than one
    /// chunk per this time is cut (256 KiB chunks: about 2 KiB/s). Default 2 minutes.
    /// </summary>
    public TimeSpan DownloadStallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often expired media and abandoned uploads are deleted by the service itself,
    /// for stores without a lifecycle engine (local disk, Azurite); null or zero turns the
    /// sweep off (e.g. where Azure lifecycle rules do it). Default 1 hour.
    /// </summary>
    public TimeSpan? SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When true, only a media's owner may read it (GetMedia, Download, Read); others get
    /// NOT_FOUND. Default false: a media ID works as a capability for any authenticated
    /// caller while its TTL holds, as IM media IDs do.
    /// </summary>
    public bool RestrictReadsToOwner { get; set; }

    /// <summary>
    /// The TTL classes media may live under; the first is the default. Each maps to the
    /// blob prefix <c>ttl-{Name}/</c>, so a storage lifecycle rule can delete by prefix.
    /// Default: 7d (default), 1d, 30d.
    /// </summary>
    public IList<TtlClass> TtlClasses { get; } = [];
}
