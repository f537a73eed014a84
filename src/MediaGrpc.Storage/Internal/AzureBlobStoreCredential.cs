using Azure.Core;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// The token credential of the process's service client, when the options call for one; shared
/// with the start-up check so that the token it fetches is the one requests then reuse.
/// </summary>
internal sealed class AzureBlobStoreCredential
{
    private AzureBlobStoreCredential(TokenCredential? token) => Token = token;

    /// <summary>The credential, or <see langword="null"/> for a connection string, key or SAS.</summary>
    public TokenCredential? Token { get; }

    public static AzureBlobStoreCredential For(AzureBlobStoreOptions options)
        => new(AzureBlobServiceClientFactory.CredentialKind(options) == AzureBlobCredentialKind.TokenCredential
            ? AzureBlobServiceClientFactory.CreateDefaultCredential(options)
            : null);
}
