namespace MediaGrpc.Server.Hosting;

/// <summary>Which blob store holds the media, bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// <c>LocalDisk</c> (default: files under <c>Storage:LocalDisk:RootPath</c>, for one
    /// machine) or <c>AzureBlob</c> (<c>Storage:AzureBlob:ConnectionString</c>, or
    /// <c>Storage:AzureBlob:ServiceUri</c> with a key, SAS or token credential, and
    /// <c>Storage:AzureBlob:ContainerName</c>; see <see cref="Storage.AzureBlobStoreOptions"/>),
    /// for any number of replicas.
    /// </summary>
    public StorageProvider Provider { get; set; } = StorageProvider.LocalDisk;
}

/// <summary>The blob store implementations.</summary>
public enum StorageProvider
{
    LocalDisk,
    AzureBlob,
}
