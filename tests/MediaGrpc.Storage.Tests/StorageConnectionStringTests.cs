using MediaGrpc.Storage.Internal;
using MediaGrpc.Testing;

namespace MediaGrpc.Storage.Tests;

public sealed class StorageConnectionStringTests
{
    private const string Key = "a2V5LWJ5dGVzLWZvci10ZXN0cw==";

    [Fact]
    public void Development_storage_is_the_well_known_azurite_account()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(AzuriteDevelopmentAccount.Name, parsed.AccountName);
        Assert.Equal(Convert.FromBase64String(AzuriteDevelopmentAccount.Key), parsed.AccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Null(parsed.SharedAccessSignature);
    }

    [Fact]
    public void Account_and_key_give_the_public_endpoint_over_https()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=media01;AccountKey={Key}");

        Assert.Equal("media01", parsed.AccountName);
        Assert.Equal("key-bytes-for-tests"u8.ToArray(), parsed.AccountKey);
        Assert.Equal(new Uri("https://media01.blob.core.windows.net"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Protocol_and_endpoint_suffix_build_the_endpoint()
    {
        var parsed = StorageConnectionString.Parse(
            $" defaultendpointsprotocol = http ; ACCOUNTNAME=media01;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn;QueueEndpoint=https://q;");

        Assert.Equal(new Uri("http://media01.blob.core.chinacloudapi.cn"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Explicit_blob_endpoint_wins_and_loses_its_trailing_slash()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1/;");

        Assert.Equal("http://127.0.0.1:41234/devstoreaccount1", parsed.BlobEndpoint.AbsoluteUri);
    }

    [Fact]
    public void Shared_access_signature_keeps_its_equals_and_ampersands()
    {
        var parsed = StorageConnectionString.Parse(
            "BlobEndpoint=https://media01.blob.core.windows.net;SharedAccessSignature=?sv=2025-11-05&ss=b&sig=ab%2Bc%3D");

        Assert.Equal("sv=2025-11-05&ss=b&sig=ab%2Bc%3D", parsed.SharedAccessSignature);
        Assert.Null(parsed.AccountKey);
        Assert.Null(parsed.AccountName);
    }

    [Theory]
    [InlineData("AccountName=media01")]
    [InlineData("AccountName=media01;AccountKey=" + Key + ";SharedAccessSignature=sv=1")]
    [InlineData("AccountKey=" + Key)]
    [InlineData("AccountName=media01;AccountKey=not*base64")]
    [InlineData("AccountName=media01;AccountName=other;AccountKey=" + Key)]
    [InlineData("AccountName=media01;AccountKey")]
    [InlineData("UseDevelopmentStorage=false")]
    [InlineData("UseDevelopmentStorage=true;AccountName=x")]
    [InlineData("SharedAccessSignature=sv=1")]
    [InlineData("AccountName=media01;AccountKey=" + Key + ";BlobEndpoint=ftp://host")]
    [InlineData("AccountName=media01;AccountKey=" + Key + ";BlobEndpoint=https://host/?x=1")]
    public void Malformed_connection_strings_are_rejected(string connectionString)
    {
        Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));
    }

    [Fact]
    public void Errors_and_ToString_never_show_the_key()
    {
        const string secret = "c2VjcmV0LWtleS12YWx1ZQ==";
        var parsed = StorageConnectionString.Parse($"AccountName=media01;AccountKey={secret}");
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse("AccountName=media01;AccountKey=" + secret + "!"));

        Assert.DoesNotContain(secret, parsed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }
}
