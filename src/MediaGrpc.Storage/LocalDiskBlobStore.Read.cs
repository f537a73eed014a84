using MediaGrpc.Storage.Internal;

namespace MediaGrpc.Storage;

// Ranged reads of the committed version, from its data file or stitched from its parts.
public sealed partial class LocalDiskBlobStore
{
    // A reader may find the sidecar naming files that a concurrent commit or delete just removed;
    // reading the sidecar again finds the new version (or none).
    private const int ReadAttempts = 3;

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string blobName, long offset, long? length, CancellationToken cancellationToken)
        => OpenReadAsync(blobName, offset, length, ifMatch: null, cancellationToken);

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string blobName, long offset, long? length, string? ifMatch, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        StagedBlockRules.ValidateRead(offset, length);
        for (var attempt = 1; ; attempt++)
        {
            var sidecar = await ReadSidecarAsync(paths, cancellationToken) ?? throw (ifMatch is null
                ? BlobNotFoundException.ForBlob(blobName)
                : StagedBlockRules.ConditionNotMet(blobName, ifMatch));

            // Data files and parts folders are named after the version's ETag, so the files
            // opened below are that version.
            if (ifMatch is not null && !string.Equals(ifMatch, sidecar.ETag, StringComparison.Ordinal))
            {
                throw StagedBlockRules.ConditionNotMet(blobName, ifMatch);
            }

            if (offset > sidecar.Length)
            {
                throw StagedBlockRules.InvalidRange(blobName, offset, sidecar.Length);
            }

            var count = Math.Min(length ?? long.MaxValue, sidecar.Length - offset);
            try
            {
                return new ReadRangeStream(OpenSegments(paths, sidecar, offset, count));
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException && attempt < ReadAttempts)
            {
                continue;
            }
        }
    }

    /// <summary>Opens, positioned, every file holding bytes of [offset, offset + count); all or none.</summary>
    private static List<ReadRangeStream.Segment> OpenSegments(LocalDiskLayout.BlobPaths paths, LocalBlobSidecar sidecar, long offset, long count)
    {
        var segments = new List<ReadRangeStream.Segment>();
        try
        {
            if (sidecar.DataFile is { } dataFile)
            {
                var stream = DurableFile.OpenRead(Path.Combine(paths.Directory, dataFile));
                segments.Add(new ReadRangeStream.Segment(stream, count));
                stream.Seek(offset, SeekOrigin.Begin);
                return segments;
            }

            var folder = Path.Combine(paths.Directory, sidecar.PartsFolder!);
            var end = offset + count;
            long partStart = 0;
            foreach (var partLength in sidecar.PartLengths!)
            {
                var partEnd = partStart + partLength;
                if (partStart >= end)
                {
                    break;
                }

                if (partEnd > offset)
                {
                    // Only the parts the range covers: a ranged read of a large media opens one or two files.
                    var from = Math.Max(offset, partStart);
                    var stream = DurableFile.OpenRead(Path.Combine(folder, LocalDiskLayout.BlockFileName(partStart)));
                    segments.Add(new ReadRangeStream.Segment(stream, Math.Min(partEnd, end) - from));
                    stream.Seek(from - partStart, SeekOrigin.Begin);
                }

                partStart = partEnd;
            }

            return segments;
        }
        catch
        {
            foreach (var segment in segments)
            {
                segment.Stream.Dispose();
            }

            throw;
        }
    }
}
