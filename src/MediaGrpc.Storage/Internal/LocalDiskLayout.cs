using System.Globalization;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// Where the local store keeps each part of a blob. For blob <c>a/b/leaf</c>:
/// <code>
/// {root}/a/b/leaf~blob.json      sidecar: properties, metadata and the data file's name (the commit point)
/// {root}/a/b/leaf~{etag}.data    content of the committed version
/// {root}/a/b/leaf~staging/{offset:D20}.block   staged blocks
/// </code>
/// '~' cannot occur in a blob name, so blob <c>a</c> and blob <c>a/b</c> never collide.
/// </summary>
internal sealed class LocalDiskLayout
{
    private const string SidecarSuffix = "~blob.json";
    private const string BlockExtension = ".block";

    public LocalDiskLayout(string rootPath)
    {
        Root = Path.GetFullPath(rootPath);
    }

    public string Root { get; }

    public BlobPaths For(string blobName)
    {
        BlobName.Validate(blobName);
        var full = Path.GetFullPath(Path.Combine(Root, blobName.Replace('/', Path.DirectorySeparatorChar)));

        // Defence in depth: validated names cannot escape the root, check anyway.
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("Invalid blob name: it resolves outside the store.", nameof(blobName));
        }

        return new BlobPaths(Path.GetDirectoryName(full)!, Path.GetFileName(full));
    }

    public static string BlockFileName(long offset) => offset.ToString("D20", CultureInfo.InvariantCulture) + BlockExtension;

    public static bool TryParseBlockFileName(string fileName, out long offset)
    {
        offset = 0;
        return fileName.Length == 20 + BlockExtension.Length
            && fileName.EndsWith(BlockExtension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }

    /// <summary>The blob name of a sidecar file found under the root, or null for anything else.</summary>
    public string? BlobNameOfSidecar(string sidecarPath)
    {
        if (!sidecarPath.EndsWith(SidecarSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var relative = Path.GetRelativePath(Root, sidecarPath[..^SidecarSuffix.Length]).Replace(Path.DirectorySeparatorChar, '/');
        return BlobName.IsValid(relative) ? relative : null;
    }

    public static string SidecarSearchPattern => "*" + SidecarSuffix;

    internal readonly record struct BlobPaths(string Directory, string Leaf)
    {
        public string Sidecar => Path.Combine(Directory, Leaf + SidecarSuffix);

        public string Staging => Path.Combine(Directory, Leaf + "~staging");

        public string DataFilePattern => Leaf + "~*.data";

        public string DataFileName(string etagId) => Leaf + "~" + etagId + ".data";

        public string Block(long offset) => Path.Combine(Staging, BlockFileName(offset));

        public string NewTempFile() => DurableFile.TempPathFor(Path.Combine(Directory, Leaf));
    }
}
