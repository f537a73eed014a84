using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using MediaGrpc.Testing;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Tests;

/// <summary>Each way of reaching the account that Azurite supports stores and reads back media.</summary>
public sealed class AzureBlobStoreCredentialTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string> Ways => ["connection string", "service URI + account key", "SAS URI", "service URI + SAS token"];

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Ways))]
    public async Task Store_configured_this_way_round_trips_a_staged_and_committed_blob(string way)
    {
        var container = "c" + Guid.NewGuid().ToString("N");
        var options = OptionsFor(way);
        options.ContainerName = container;
        var store = new AzureBlobStore(AzureBlobServiceClientFactory.Create(options), Options.Create(options));
        var content = RandomNumberGenerator.GetBytes(100_000);

        await store.StageBlockAsync("ttl-1d/media/a", 0, content.AsMemory(0, 60_000), CancellationToken.None);
        await store.StageBlockAsync("ttl-1d/media/a", 60_000, content.AsMemory(60_000), CancellationToken.None);
        var committed = await store.CommitAsync("ttl-1d/media/a", new BlobCommitOptions { ContentType = "image/png" }, CancellationToken.None);
        await using var read = await store.OpenReadAsync("ttl-1d/media/a", 0, null, committed.ETag, CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal("image/png", (await store.GetPropertiesAsync("ttl-1d/media/a", CancellationToken.None))!.ContentType);
        await store.Container.DeleteIfExistsAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Requests_name_the_pinned_service_version_which_azurite_accepts()
    {
        var versions = new SentVersions();
        var clientOptions = AzureBlobServiceClientFactory.CreateClientOptions();
        clientOptions.AddPolicy(versions, HttpPipelinePosition.PerRetry);
        var service = AzureBlobServiceClientFactory.Create(new AzureBlobStoreOptions { ConnectionString = azurite.ConnectionString }, clientOptions);

        var properties = await service.GetPropertiesAsync();

        Assert.Equal(200, properties.GetRawResponse().Status);
        Assert.Equal(["2026-06-06"], versions.Seen);
    }

    private AzureBlobStoreOptions OptionsFor(string way)
    {
        var serviceUri = new Uri(azurite.BlobEndpoint);
        return way switch
        {
            "connection string" => new AzureBlobStoreOptions { ConnectionString = azurite.ConnectionString },
            "service URI + account key" => new AzureBlobStoreOptions { ServiceUri = serviceUri, AccountKey = AzuriteDevelopmentAccount.Key },
            "SAS URI" => new AzureBlobStoreOptions { ServiceUri = AccountSas(serviceUri) },
            "service URI + SAS token" => new AzureBlobStoreOptions { ServiceUri = serviceUri, SasToken = AccountSas(serviceUri).Query },
            _ => throw new ArgumentOutOfRangeException(nameof(way)),
        };
    }

    private static Uri AccountSas(Uri serviceUri)
    {
        var keyed = new BlobServiceClient(serviceUri, new StorageSharedKeyCredential(AzuriteDevelopmentAccount.Name, AzuriteDevelopmentAccount.Key));
        return keyed.GenerateAccountSasUri(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1), AccountSasResourceTypes.All);
    }

    private sealed class SentVersions : HttpPipelineSynchronousPolicy
    {
        public List<string> Seen { get; } = [];

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Headers.TryGetValue("x-ms-version", out var version))
            {
                Seen.Add(version);
            }
        }
    }
}
