namespace MediaGrpc.Server.Download;

/// <summary>
/// How one download reads ahead: chunks of <see cref="ChunkSize"/> bytes, at most
/// <see cref="Slots"/> of them held at once. The chunk size is clamped to the window, so
/// Slots × ChunkSize never exceeds the configured window (the pool may round each buffer
/// up to a power of two).
/// </summary>
internal readonly record struct ReadAheadWindow(int ChunkSize, int Slots)
{
    public static ReadAheadWindow For(int chunkSize, int windowBytes)
    {
        var size = Math.Min(chunkSize, windowBytes);
        return new ReadAheadWindow(size, Math.Max(1, windowBytes / size));
    }
}
