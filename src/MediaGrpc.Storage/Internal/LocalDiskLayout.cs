using System.Globalization;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// Where the local store keeps each part of a blob. For blob <c>a/b/leaf</c>:
/// <code>
/// {root}/a/b/leaf~blob.json      sidecar: properties, metadata and where the committed version's bytes are (the commit point)
/// {root}/a/b/leaf~{id}.parts/{offset:D20}.block   a committed version made of its staged blocks (CommitAsync)
/// {root}/a/b/leaf~{id}.data      a committed version written whole (PutAsync, and commits before parts existed)
/// {root}/a/b/leaf~staging/{offset:D20}.block      staged blocks
/// {root}/a/b/leaf~commit         commit intent: the {id} of the parts folder a commit moves the staging folder to
/// </code>
/// '~' cannot occur in a blob name, so blob <c>a</c> and blob <c>a/b</c> never collide, and every
/// entry of blob <c>leaf</c> starts with <c>leaf~</c>. Version ids are 32 hex digits made here.
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

    public static string SidecarSearchPattern => "*" + SidecarSuffix;

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

    public static string NewVersionId() => Guid.NewGuid().ToString("N");

    /// <summary>True for what <see cref="NewVersionId"/> makes, so a name read from disk never becomes another path.</summary>
    public static bool IsVersionId(string text) => text.Length == 32 && Guid.TryParseExact(text, "N", out _);

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

    internal readonly record struct BlobPaths(string Directory, string Leaf)
    {
        public string Sidecar => Path.Combine(Directory, Leaf + SidecarSuffix);

        public string Staging => Path.Combine(Directory, Leaf + "~staging");

        public string CommitIntent => Path.Combine(Directory, Leaf + "~commit");

        /// <summary>Matches every file and folder of this blob, and nothing of any other blob.</summary>
        public string EntryPattern => Leaf + "~*";

        public string DataFileName(string versionId) => Leaf + "~" + versionId + ".data";

        public string PartsFolderName(string versionId) => Leaf + "~" + versionId + ".parts";

        public string Block(long offset) => Path.Combine(Staging, BlockFileName(offset));

        public string NewTempFile() => DurableFile.TempPathFor(Path.Combine(Directory, Leaf));
    }
}
