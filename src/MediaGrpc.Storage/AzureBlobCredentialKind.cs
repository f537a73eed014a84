namespace MediaGrpc.Storage;

/// <summary>How <see cref="AzureBlobServiceClientFactory"/> authorizes requests, chosen from the options.</summary>
public enum AzureBlobCredentialKind
{
    /// <summary>Whatever the connection string holds (account key or SAS).</summary>
    ConnectionString,

    /// <summary><see cref="AzureBlobStoreOptions.ServiceUri"/> with <see cref="AzureBlobStoreOptions.AccountKey"/>.</summary>
    AccountKey,

    /// <summary>A SAS: <see cref="AzureBlobStoreOptions.SasToken"/> or the query of <see cref="AzureBlobStoreOptions.ServiceUri"/>.</summary>
    SharedAccessSignature,

    /// <summary>A Microsoft Entra token from <c>DefaultAzureCredential</c>.</summary>
    TokenCredential,
}
