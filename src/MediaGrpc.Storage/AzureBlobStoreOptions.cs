namespace MediaGrpc.Storage;

/// <summary>
/// Options of <see cref="AzureBlobStore"/>, bound from <c>Storage:AzureBlob</c>: where the
/// account is, how the service proves who it is, and the container of the media.
/// </summary>
/// <remarks>
/// Exactly one way to reach the account: <see cref="ConnectionString"/>, or
/// <see cref="ServiceUri"/> with a credential (<see cref="AccountKey"/>, <see cref="SasToken"/>,
/// a SAS in the URI's query, or else a <c>DefaultAzureCredential</c>: workload identity,
/// managed identity, environment, Azure CLI). The <c>Retry</c> sub-section is bound onto the
/// SDK's own <c>RetryOptions</c> (<c>MaxRetries</c>, <c>Delay</c>, <c>MaxDelay</c>, <c>Mode</c>,
/// <c>NetworkTimeout</c>), the keys every Azure SDK client reads.
/// </remarks>
public sealed class AzureBlobStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage:AzureBlob";

    /// <summary>
    /// An Azure Storage connection string (account key or SAS), or <c>UseDevelopmentStorage=true</c>
    /// for Azurite on 127.0.0.1:10000. Default none. Holds a secret: never log it.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The blob service endpoint, e.g. <c>https://account.blob.core.windows.net</c>, or Azurite's
    /// <c>http://127.0.0.1:10000/devstoreaccount1</c>; may carry a SAS in its query. Default none.
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>
    /// With <see cref="ServiceUri"/>: the account name for <see cref="AccountKey"/>. Default: read
    /// from the URI (host's first label, or the first path segment for an IP endpoint such as Azurite's).
    /// </summary>
    public string? AccountName { get; set; }

    /// <summary>With <see cref="ServiceUri"/>: the account's shared key (base64). Default none. A secret.</summary>
    public string? AccountKey { get; set; }

    /// <summary>
    /// With <see cref="ServiceUri"/>: a SAS token (the query, with or without '?'). Default none. A
    /// secret. When the configuration reloads with a new token, later requests use it.
    /// </summary>
    public string? SasToken { get; set; }

    /// <summary>
    /// With <see cref="ServiceUri"/> and no key or SAS: the client ID of the user-assigned managed
    /// identity (or workload identity) <c>DefaultAzureCredential</c> should use. Default none: the
    /// system-assigned identity, or <c>AZURE_CLIENT_ID</c> as set by workload identity.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// With a token credential: check at start-up that a token for Azure Storage can be had, so a
    /// missing identity stops the server at once instead of failing its first request. Default
    /// <see langword="true"/>.
    /// </summary>
    public bool ValidateCredentialOnStart { get; set; } = true;

    /// <summary>The container holding the media. Default <c>media</c>.</summary>
    public string ContainerName { get; set; } = "media";

    /// <summary>Create the container on first write when it does not exist. Default <see langword="true"/>.</summary>
    public bool CreateContainerIfNotExists { get; set; } = true;
}
