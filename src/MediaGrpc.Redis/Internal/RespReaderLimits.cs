namespace MediaGrpc.Redis.Internal;

/// <summary>Bounds on what one reply may make the reader buffer or allocate.</summary>
/// <remarks>
/// Each limit is checked from a header line, before the reader waits for the bytes it
/// announces, so a hostile or corrupt length never turns into a large buffer.
/// </remarks>
/// <param name="MaxBulkLength">Longest bulk string, bulk error or verbatim string payload, in bytes.</param>
/// <param name="MaxAggregateCount">Most elements in one array, set or push (a map counts keys and values).</param>
/// <param name="MaxDepth">Deepest nesting of aggregates; a flat array has depth 1.</param>
/// <param name="MaxLineLength">Longest simple string, simple error or big number line, in bytes.</param>
internal readonly record struct RespReaderLimits(long MaxBulkLength, int MaxAggregateCount, int MaxDepth, int MaxLineLength)
{
    /// <summary>
    /// 512 MiB bulk strings (Redis's own proto-max-bulk-len), 16 Mi elements, 32 levels (Redis
    /// replies rarely nest beyond 5), 64 KiB lines.
    /// </summary>
    public static RespReaderLimits Default { get; } = new(512L * 1024 * 1024, 16 * 1024 * 1024, 32, 64 * 1024);
}
