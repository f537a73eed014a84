namespace MediaGrpc.Storage;

/// <summary>Options of <see cref="AzureBlobStore"/>.</summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>The container holding the media. Default <c>media</c>.</summary>
    public string ContainerName { get; set; } = "media";

    /// <summary>Create the container on first write when it does not exist. Default <see langword="true"/>.</summary>
    public bool CreateContainerIfNotExists { get; set; } = true;
}
