using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Microsoft.Extensions.Options;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// The ways operators point the server at Azure Blob storage: a service URI with an account key
/// or a SAS works end to end on Azurite; a service URI with nothing to get a token from, or no
/// account at all, stops the server at start-up with a line naming the key to set.
/// </summary>
public sealed class AzureBlobConfigurationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory(Timeout = TestData.Timeout)]
    [InlineData("AccountKey")]
    [InlineData("SasUri")]
    [InlineData("SasToken")]
    public async Task Server_on_a_service_uri_with_a_key_or_sas_uploads_and_downloads(string credential)
    {
        var container = "c" + Guid.NewGuid().ToString("N");
        var serviceUri = new Uri(azurite.BlobEndpoint);
        var configuration = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:AzureBlob:ContainerName"] = container,
            ["Storage:AzureBlob:ServiceUri"] = credential == "SasUri" ? AccountSas(serviceUri).ToString() : serviceUri.ToString(),
        };
        if (credential == "AccountKey")
        {
            configuration["Storage:AzureBlob:AccountKey"] = AzuriteDevelopmentAccount.Key;
        }
        else if (credential == "SasToken")
        {
            configuration["Storage:AzureBlob:SasToken"] = AccountSas(serviceUri).Query;
        }

        await using var host = await MediaServerHost.StartAsync(configuration);
        var (channel, client) = host.CreateClient();
        using (channel)
        {
            var content = TestData.Bytes(5 * 1024 * 1024 + 17, seed: 12);
            var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "clip.bin" });
            using var downloaded = new MemoryStream();
            await client.DownloadAsync(upload.Media.MediaId, downloaded);

            Assert.Equal(content, downloaded.ToArray());
        }

        // The bytes are in the configured container of the account the URI names.
        var keyed = new BlobServiceClient(
            serviceUri,
            new StorageSharedKeyCredential(AzuriteDevelopmentAccount.Name, AzuriteDevelopmentAccount.Key),
            Storage.AzureBlobServiceClientFactory.CreateClientOptions());
        var names = new List<string>();
        await foreach (var blob in keyed.GetBlobContainerClient(container).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        Assert.Contains(names, name => name.StartsWith("ttl-7d/", StringComparison.Ordinal));
        Assert.Empty(host.LoggedErrors);
        await keyed.GetBlobContainerClient(container).DeleteIfExistsAsync();
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Azure_provider_without_an_account_fails_start_up_naming_the_keys()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => MediaServerHost.StartAsync(new Dictionary<string, string?> { ["Storage:Provider"] = "AzureBlob" }));

        Assert.Equal(
            "Storage:AzureBlob:ConnectionString or Storage:AzureBlob:ServiceUri is required when Storage:Provider is AzureBlob.",
            Assert.Single(error.Failures));
    }

    /// <summary>
    /// As deployed: the server binary, configured by environment variables, on a machine where
    /// DefaultAzureCredential finds nothing (no AZURE_* variables, no federated token, no Azure CLI
    /// login, and a managed-identity endpoint that refuses: IMDS is pointed at a closed loopback
    /// port so nothing leaves the machine). It must exit at start-up, not serve and fail uploads.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task Server_on_a_service_uri_without_any_identity_exits_at_start_up_with_a_clear_error()
    {
        var home = Directory.CreateTempSubdirectory("mediagrpc-noidentity-");
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["Storage__Provider"] = "AzureBlob",
                ["Storage__AzureBlob__ServiceUri"] = $"https://127.0.0.1:{FreePort.Next()}/{AzuriteDevelopmentAccount.Name}",
                ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["HOME"] = home.FullName,
                ["AZURE_CONFIG_DIR"] = home.FullName,
            };

            var result = await RunServerAsync(environment, TimeSpan.FromSeconds(110));

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(
                "Storage:AzureBlob:ServiceUri is set without AccountKey or SasToken, so DefaultAzureCredential must supply a token for Azure Storage, and it could not",
                result.StandardError,
                StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Lifecycle_policy_command_prints_the_policy_without_an_account_or_credential()
    {
        var result = await CommandRunner.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "MediaGrpc.Server.dll"), "lifecycle-policy", "--Storage:Provider=AzureBlob", "--Storage:AzureBlob:ContainerName=box"],
            TimeSpan.FromSeconds(30),
            workingDirectory: AppContext.BaseDirectory);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var policy = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var prefix = policy.RootElement.GetProperty("rules")[0].GetProperty("definition").GetProperty("filters").GetProperty("prefixMatch")[0].GetString();
        Assert.Equal("box/ttl-7d/", prefix);
    }

    private static async Task<CommandResult> RunServerAsync(IDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MediaGrpc.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{FreePort.Next()}");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("IDENTITY_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSI_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server did not exit within {timeout}: it started serving without a credential.\nstdout: {await stdout}");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    private static Uri AccountSas(Uri serviceUri)
    {
        var keyed = new BlobServiceClient(serviceUri, new StorageSharedKeyCredential(AzuriteDevelopmentAccount.Name, AzuriteDevelopmentAccount.Key));
        return keyed.GenerateAccountSasUri(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1), AccountSasResourceTypes.All);
    }
}
