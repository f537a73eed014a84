namespace MediaGrpc.Storage;

/// <summary>Options of <see cref="LocalDiskBlobStore"/>.</summary>
public sealed class LocalDiskBlobStoreOptions
{
    /// <summary>
    /// The folder holding blobs, their sidecars and staged blocks; relative paths resolve against
    /// the current directory when the store is created. Default <c>data/blobs</c>.
    /// </summary>
    public string RootPath { get; set; } = Path.Combine("data", "blobs");
}
