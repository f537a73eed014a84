namespace MediaGrpc.Testing;

/// <summary>
/// The storage emulator's well-known account. Its key is published in the Azurite and Azure
/// Storage documentation for local development; it is not a secret.
/// </summary>
public static class AzuriteDevelopmentAccount
{
    public const string Name = "devstoreaccount1";

    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A Shared Key connection string for the account at <paramref name="blobEndpoint"/>.</summary>
    public static string ConnectionString(string blobEndpoint)
        => $"DefaultEndpointsProtocol=http;AccountName={Name};AccountKey={Key};BlobEndpoint={blobEndpoint};";
}
