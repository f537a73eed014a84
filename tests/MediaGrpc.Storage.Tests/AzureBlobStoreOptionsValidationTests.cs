using MediaGrpc.Storage.Internal;
using MediaGrpc.Testing;

namespace MediaGrpc.Storage.Tests;

/// <summary>Bad Azure configuration fails at start-up with one line naming the key to fix, and no secret.</summary>
public sealed class AzureBlobStoreOptionsValidationTests
{
    private const string Secret = AzuriteDevelopmentAccount.Key;
    private static readonly Uri s_https = new("https://media01.blob.core.windows.net");
    private static readonly Uri s_azurite = new("http://127.0.0.1:10000/devstoreaccount1");

    public static TheoryData<string, AzureBlobStoreOptions, string> Invalid => new()
    {
        { "nothing set", new AzureBlobStoreOptions(), "Storage:AzureBlob:ConnectionString or Storage:AzureBlob:ServiceUri is required" },
        { "both set", new AzureBlobStoreOptions { ConnectionString = "UseDevelopmentStorage=true", ServiceUri = s_https }, "Storage:AzureBlob:ConnectionString and Storage:AzureBlob:ServiceUri are both set" },
        { "garbage connection string", new AzureBlobStoreOptions { ConnectionString = "AccountName=x;AccountKey=" + Secret + "!;Nonsense" }, "Storage:AzureBlob:ConnectionString is not an Azure Storage connection string" },
        { "key beside a connection string", new AzureBlobStoreOptions { ConnectionString = "UseDevelopmentStorage=true", AccountKey = Secret }, "Storage:AzureBlob:AccountKey applies only with Storage:AzureBlob:ServiceUri" },
        { "relative service URI", new AzureBlobStoreOptions { ServiceUri = new Uri("media01", UriKind.Relative) }, "Storage:AzureBlob:ServiceUri must be an absolute http(s) URL" },
        { "key that is not base64", new AzureBlobStoreOptions { ServiceUri = s_https, AccountKey = "not base64 " + Secret }, "Storage:AzureBlob:AccountKey is not a base64 account key" },
        { "key and SAS", new AzureBlobStoreOptions { ServiceUri = s_https, AccountKey = Secret, SasToken = "sv=2025-01-05&sig=" + Secret }, "Storage:AzureBlob:AccountKey and a SAS" },
        { "token over http", new AzureBlobStoreOptions { ServiceUri = s_azurite }, "Storage:AzureBlob:ServiceUri must be https for a token credential" },
        { "identity beside a key", new AzureBlobStoreOptions { ServiceUri = s_https, AccountKey = Secret, ManagedIdentityClientId = "5f0e1a2b-0000-0000-0000-000000000000" }, "Storage:AzureBlob:ManagedIdentityClientId applies only without AccountKey or SAS" },
        { "bad container", new AzureBlobStoreOptions { ConnectionString = "UseDevelopmentStorage=true", ContainerName = "Media_Files" }, "Storage:AzureBlob:ContainerName 'Media_Files' is not a container name" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_configuration_fails_with_one_line_naming_the_key(string _, AzureBlobStoreOptions options, string expected)
    {
        var result = new AzureBlobStoreOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", null, null, null, AzureBlobCredentialKind.ConnectionString)]
    [InlineData(null, "https://media01.blob.core.windows.net", null, null, AzureBlobCredentialKind.TokenCredential)]
    [InlineData(null, "https://media01.blob.core.windows.net", Secret, null, AzureBlobCredentialKind.AccountKey)]
    [InlineData(null, "https://media01.blob.core.windows.net", null, "sv=2025-01-05&sig=abc", AzureBlobCredentialKind.SharedAccessSignature)]
    [InlineData(null, "https://media01.blob.core.windows.net/?sv=2025-01-05&sig=abc", null, null, AzureBlobCredentialKind.SharedAccessSignature)]
    [InlineData(null, "http://127.0.0.1:10000/devstoreaccount1", Secret, null, AzureBlobCredentialKind.AccountKey)]
    public void Valid_configuration_passes_and_picks_its_credential(
        string? connectionString, string? serviceUri, string? accountKey, string? sasToken, AzureBlobCredentialKind expected)
    {
        var options = new AzureBlobStoreOptions
        {
            ConnectionString = connectionString,
            ServiceUri = serviceUri is null ? null : new Uri(serviceUri),
            AccountKey = accountKey,
            SasToken = sasToken,
        };

        Assert.True(new AzureBlobStoreOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(expected, AzureBlobServiceClientFactory.CredentialKind(options));
    }

    [Theory]
    [InlineData("https://media01.blob.core.windows.net", "media01")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1")]
    [InlineData("http://localhost:10000/devstoreaccount1", "devstoreaccount1")]
    public void Account_name_is_read_from_the_service_uri(string serviceUri, string expected)
        => Assert.Equal(expected, AzureBlobServiceClientFactory.AccountNameOf(new AzureBlobStoreOptions { ServiceUri = new Uri(serviceUri) }));
}
