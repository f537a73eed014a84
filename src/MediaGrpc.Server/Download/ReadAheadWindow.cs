namespace MediaGrpc.Server.Download;

/// <summary>
/// How one download reads ahead: chunks of <see cref="ChunkSize"/> bytes, at most
/// <see cref="Slots"/> of them held at once, and the media's etag checked again after every
/// <see cref="ChunksPerCheck"/> chunks read. The chunk size is clamped to the window, so
/// Slots × ChunkSize never exceeds the configured window (the pool may round each buffer
/// up to a power of two), and ChunksPerCheck × ChunkSize never exceeds the check interval
/// unless one chunk alone does.
/// </summary>
internal readonly record struct ReadAheadWindow(int ChunkSize, int Slots, int ChunksPerCheck)
{
    public static ReadAheadWindow For(int chunkSize, int windowBytes, int checkBytes)
    {
        var size = Math.Min(chunkSize, windowBytes);
        return new ReadAheadWindow(size, Math.Max(1, windowBytes / size), Math.Max(1, checkBytes / size));
    }

    /// <summary>Bytes read between two etag checks.</summary>
    public long CheckBytes => (long)ChunkSize * ChunksPerCheck;

    /// <summary>
    /// Most bytes sent after a delete or replacement of the media returned: what the slots
    /// held, plus the rest of the check interval being read (see <see cref="ChunkReadAhead"/>).
    /// </summary>
    public long MostBytesAfterChange => ((long)ChunkSize * Slots) + CheckBytes;
}
