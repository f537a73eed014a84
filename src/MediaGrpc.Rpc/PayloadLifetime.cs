namespace MediaGrpc.Rpc;

/// <summary>
/// How long the large <c>bytes</c> fields of a received streamed message stay valid: the
/// choice of the code that reads the stream, since only it knows whether it keeps a message
/// after asking for the next. Unary messages are always <see cref="Owned"/>.
/// </summary>
public enum PayloadLifetime
{
    /// <summary>
    /// Every message owns its bytes and may be kept for as long as the reader likes. Each
    /// <c>bytes</c> field is parsed into a fresh array (a large-object-heap allocation for a
    /// chunk of 85 KB or more). The default.
    /// </summary>
    Owned = 0,

    /// <summary>
    /// <c>bytes</c> fields of 64 KiB or more are parsed into pooled buffers that go back to
    /// the pool when the next message is read from the stream, or the call ends; smaller fields
    /// and everything else are owned as usual. For readers that consume each message before
    /// the next read (write a chunk to storage, a file or a hash), which then cost no
    /// allocation per chunk (bench/transport/README.md). A reader that keeps a large payload
    /// longer must copy it first.
    /// </summary>
    UntilNextRead = 1,
}
