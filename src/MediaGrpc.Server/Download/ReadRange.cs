using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Stored;

namespace MediaGrpc.Server.Download;

/// <summary>The bytes a download sends: a validated offset and length within one media.</summary>
internal readonly record struct ReadRange(long Offset, long Length)
{
    public long End => Offset + Length;

    /// <summary>
    /// Rules: the offset lies within [0, size] (equal to size reads nothing); a limit
    /// of 0 reads to the end; a negative limit is malformed.
    /// </summary>
    public static ReadRange Resolve(StoredMedia media, long readOffset, long readLimit)
    {
        var size = media.Media.Size;
        if (readOffset < 0 || readOffset > size)
        {
            throw MediaErrors.ReadOffsetOutOfRange(readOffset, size);
        }

        if (readLimit < 0)
        {
            throw MediaErrors.InvalidArgument($"read_limit {readLimit} is negative.");
        }

        var available = size - readOffset;
        return new ReadRange(readOffset, readLimit == 0 ? available : Math.Min(readLimit, available));
    }
}
