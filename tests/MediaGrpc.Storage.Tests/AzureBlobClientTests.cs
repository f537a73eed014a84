using System.Net;
using System.Security.Cryptography;
using System.Text;
using MediaGrpc.Testing;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Tests;

/// <summary><see cref="AzureBlobClient"/> against Azurite: authorization modes and what reaches the logs.</summary>
public sealed class AzureBlobClientTests : IClassFixture<AzuriteFixture>, IAsyncLifetime, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly CapturingLogger<AzureBlobClient> _log = new();
    private readonly AzureBlobClient _client;
    private readonly string _container = "c" + Guid.NewGuid().ToString("N");

    public AzureBlobClientTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _client = CreateClient(azurite.ConnectionString, _log);
    }

    public async Task InitializeAsync() => Assert.True(await _client.CreateContainerIfNotExistsAsync(_container, CancellationToken.None));

    public async Task DisposeAsync() => await _client.DeleteContainerAsync(_container, CancellationToken.None);

    public void Dispose() => _client.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task Creating_an_existing_container_reports_false()
    {
        Assert.False(await _client.CreateContainerIfNotExistsAsync(_container, CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task Keys_signatures_and_metadata_values_never_reach_the_logs()
    {
        var options = new BlobCommitOptions { Metadata = new Dictionary<string, string> { ["owner"] = "private-owner-id" } };
        await _client.PutBlockAsync(_container, "ttl-7d/media/a", "MDAw", new byte[] { 1 }, CancellationToken.None);
        await _client.PutBlockListAsync(_container, "ttl-7d/media/a", ["MDAw"], options, CancellationToken.None);
        Assert.Null(await _client.GetPropertiesAsync(_container, "ttl-7d/media/missing", CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => _client.GetBlobAsync(_container, "ttl-7d/media/missing", 0, null, CancellationToken.None));

        Assert.NotEmpty(_log.Lines);
        Assert.Contains(_log.Lines, line => line.Contains("Authorization: REDACTED", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, line => line.Contains("x-ms-meta-owner: REDACTED", StringComparison.Ordinal));
        Assert.All(_log.Lines, line =>
        {
            Assert.DoesNotContain(AzuriteDevelopmentAccount.Key, line, StringComparison.Ordinal);
            Assert.DoesNotContain("SharedKey devstoreaccount1:", line, StringComparison.Ordinal);
            Assert.DoesNotContain("private-owner-id", line, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Shared_access_signature_authorizes_requests_and_stays_out_of_the_logs()
    {
        var sas = AccountSas(DateTimeOffset.UtcNow.AddHours(1));
        var signature = Uri.UnescapeDataString(sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..]);
        var log = new CapturingLogger<AzureBlobClient>();
        using var client = CreateClient($"BlobEndpoint={_azurite.BlobEndpoint};SharedAccessSignature=?{sas}", log);

        await client.PutBlobAsync(_container, "ttl-7d/records/r.json", "{}"u8.ToArray(), new BlobCommitOptions(), CancellationToken.None);
        await using var stream = await client.GetBlobAsync(_container, "ttl-7d/records/r.json", 0, null, CancellationToken.None);
        using var reader = new StreamReader(stream);

        Assert.Equal("{}", await reader.ReadToEndAsync());
        Assert.NotEmpty(log.Lines);
        Assert.All(log.Lines, line =>
        {
            Assert.DoesNotContain("sig=", line, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(signature), line, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Wrong_account_key_fails_with_the_status_and_the_service_error_code()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        using var client = CreateClient(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteDevelopmentAccount.Name};AccountKey={wrongKey};BlobEndpoint={_azurite.BlobEndpoint}",
            new CapturingLogger<AzureBlobClient>());

        var error = await Assert.ThrowsAsync<BlobStoreException>(
            () => client.PutBlockAsync(_container, "ttl-7d/media/a", "MDAw", new byte[] { 1 }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.ErrorCode));
    }

    [Fact(Timeout = 60_000)]
    public async Task Missing_container_reads_as_not_found_and_lists_as_empty()
    {
        const string missing = "no-such-container";

        Assert.Null(await _client.GetPropertiesAsync(missing, "a", CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => _client.GetBlockListAsync(missing, "a", CancellationToken.None));
        Assert.False(await _client.DeleteBlobAsync(missing, "a", CancellationToken.None));
        await foreach (var unused in _client.ListBlobsAsync(missing, "", CancellationToken.None))
        {
            Assert.Fail("A missing container lists nothing.");
        }
    }

    [Theory(Timeout = 60_000)]
    [InlineData("ab")]
    [InlineData("Media")]
    [InlineData("-media")]
    [InlineData("me--dia")]
    [InlineData("media/x")]
    public async Task Invalid_container_names_are_rejected_before_any_request(string container)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetPropertiesAsync(container, "a", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.CreateContainerIfNotExistsAsync(container, CancellationToken.None));
    }

    private static AzureBlobClient CreateClient(string connectionString, CapturingLogger<AzureBlobClient> log)
        => new(Options.Create(new AzureBlobClientOptions { ConnectionString = connectionString }), log);

    /// <summary>
    /// An account SAS for the blob service, signed here per
    /// https://learn.microsoft.com/rest/api/storageservices/create-account-sas (version 2020-12-06 and later):
    /// account, permissions, services, resource types, start, expiry, IP, protocol, version, encryption scope, each followed by '\n'.
    /// </summary>
    private static string AccountSas(DateTimeOffset expiry)
    {
        const string permissions = "rwdlac";
        var version = AzureBlobClient.ServiceVersion;
        var expiryText = expiry.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var stringToSign = string.Join('\n', AzuriteDevelopmentAccount.Name, permissions, "b", "sco", "", expiryText, "", "", version, "", "");
        var signature = Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(AzuriteDevelopmentAccount.Key), Encoding.UTF8.GetBytes(stringToSign)));
        return $"sv={version}&ss=b&srt=sco&sp={permissions}&se={Uri.EscapeDataString(expiryText)}&sig={Uri.EscapeDataString(signature)}";
    }
}
