namespace MediaGrpc.Server.Download;

/// <summary>One chunk read ahead: <see cref="Length"/> bytes of the media at <see cref="Offset"/>, in a pooled buffer.</summary>
internal readonly record struct ReadAheadChunk(long Offset, byte[] Buffer, int Length)
{
    public ReadOnlyMemory<byte> Data => Buffer.AsMemory(0, Length);
}
