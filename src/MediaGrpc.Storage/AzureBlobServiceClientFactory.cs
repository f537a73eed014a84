using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace MediaGrpc.Storage;

/// <summary>
/// Builds the one <see cref="BlobServiceClient"/> a process shares from
/// <see cref="AzureBlobStoreOptions"/>: connection string, service URI with account key or SAS,
/// or service URI with a token credential (<c>DefaultAzureCredential</c> unless one is given).
/// </summary>
public static class AzureBlobServiceClientFactory
{
    /// <summary>
    /// The REST version every request names (<c>x-ms-version</c>). Pinned below the SDK's newest
    /// (2026-10-06) because the Azurite emulator (3.37) answers 400 to versions newer than
    /// 2026-06-06; Azure accepts both, and nothing here needs the newer one.
    /// </summary>
    public const BlobClientOptions.ServiceVersion ServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>The scope of Azure Storage tokens.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>Client options with <see cref="ServiceVersion"/> pinned and the SDK's default retries.</summary>
    public static BlobClientOptions CreateClientOptions() => new(ServiceVersion);

    /// <summary>How <paramref name="options"/> authorize requests.</summary>
    public static AzureBlobCredentialKind CredentialKind(AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return AzureBlobCredentialKind.ConnectionString;
        }

        if (!string.IsNullOrWhiteSpace(options.AccountKey))
        {
            return AzureBlobCredentialKind.AccountKey;
        }

        return !string.IsNullOrWhiteSpace(options.SasToken) || (options.ServiceUri is { } uri && HasSas(uri))
            ? AzureBlobCredentialKind.SharedAccessSignature
            : AzureBlobCredentialKind.TokenCredential;
    }

    /// <summary>
    /// The credential <see cref="Create"/> uses when the options call for a token and none is
    /// given: <c>DefaultAzureCredential</c> (environment, workload identity, managed identity,
    /// Azure CLI, …), with <see cref="AzureBlobStoreOptions.ManagedIdentityClientId"/> when set.
    /// </summary>
    public static TokenCredential CreateDefaultCredential(AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var credentialOptions = new DefaultAzureCredentialOptions();
        if (!string.IsNullOrWhiteSpace(options.ManagedIdentityClientId))
        {
            credentialOptions.ManagedIdentityClientId = options.ManagedIdentityClientId;
            credentialOptions.WorkloadIdentityClientId = options.ManagedIdentityClientId;
        }

        return new DefaultAzureCredential(credentialOptions);
    }

    /// <summary>
    /// A service client for validated <paramref name="options"/>; <paramref name="clientOptions"/>
    /// default to <see cref="CreateClientOptions"/>, <paramref name="credential"/> (used only
    /// when the options call for a token) to <see cref="CreateDefaultCredential"/>.
    /// </summary>
    public static BlobServiceClient Create(AzureBlobStoreOptions options, BlobClientOptions? clientOptions = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        clientOptions ??= CreateClientOptions();
        switch (CredentialKind(options))
        {
            case AzureBlobCredentialKind.ConnectionString:
                return new BlobServiceClient(options.ConnectionString, clientOptions);
            case AzureBlobCredentialKind.AccountKey:
                var accountName = AccountNameOf(options)
                    ?? throw new InvalidOperationException($"{AzureBlobStoreOptions.SectionName}:AccountName is required with an account key.");
                return new BlobServiceClient(options.ServiceUri!, new StorageSharedKeyCredential(accountName, options.AccountKey!.Trim()), clientOptions);
            case AzureBlobCredentialKind.SharedAccessSignature:
                return string.IsNullOrWhiteSpace(options.SasToken)
                    ? new BlobServiceClient(options.ServiceUri!, clientOptions)
                    : new BlobServiceClient(options.ServiceUri!, new Azure.AzureSasCredential(options.SasToken.Trim()), clientOptions);
            default:
                return new BlobServiceClient(options.ServiceUri!, credential ?? CreateDefaultCredential(options), clientOptions);
        }
    }

    /// <summary>Whether the URI's query is a SAS (it carries a signature).</summary>
    public static bool HasSas(Uri serviceUri)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        return serviceUri.IsAbsoluteUri && serviceUri.Query.Contains("sig=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// <see cref="AzureBlobStoreOptions.AccountName"/>, or the account the service URI names:
    /// the host's first label (<c>ACCOUNT.blob.core.windows.net</c>) or, for IP and localhost
    /// endpoints like Azurite's, the first path segment.
    /// </summary>
    public static string? AccountNameOf(AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.AccountName))
        {
            return options.AccountName.Trim();
        }

        if (options.ServiceUri is not { IsAbsoluteUri: true } uri)
        {
            return null;
        }

        var name = new BlobUriBuilder(uri).AccountName;
        return string.IsNullOrEmpty(name) ? null : name;
    }
}
