using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// The README's connection string for Azurite on a port other than 10000, followed as a
/// newcomer would: copied from the README, its port changed, given to the server binary;
/// media then round-trip through that Azurite (driven by buf curl).
/// </summary>
public sealed partial class ReadmeAzuriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task Readme_connection_string_for_azurite_on_another_port_stores_and_reads_media()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var documented = DocumentedConnectionString().Match(readme);
        Assert.True(documented.Success, "README.md no longer shows the Azurite connection string for another port.");
        var connectionString = documented.Value.Replace(documented.Groups["endpoint"].Value, azurite.BlobEndpoint, StringComparison.Ordinal);

        var address = ServerBinaries.Loopback(FreePort.Next());
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", address.ToString(),
             "--Storage:Provider=AzureBlob",
             $"--Storage:AzureBlob:ConnectionString={connectionString}",
             $"--Storage:AzureBlob:ContainerName=readme-{Guid.NewGuid():N}"]);
        using var deadline = TestDeadline.Start();
        await server.WaitUntilServingAsync(address, deadline.Token);

        var content = Encoding.UTF8.GetBytes("stored in azurite on another port\n");
        var upload = await BufCurlAsync(address, "/mediagrpc.v1.UploadService/Upload", new StringBuilder()
            .AppendLine("""{"start":{"media":{"display_name":"readme.txt","content_type":"text/plain"}}}""")
            .AppendLine(CultureInfo.InvariantCulture, $$$"""{"chunk":{"offset":0,"data":"{{{Convert.ToBase64String(content)}}}"}}""")
            .AppendLine("""{"finish":{}}""")
            .ToString(), deadline.Token);
        Assert.True(upload.ExitCode == 0, upload.ToString() + server.Describe());
        var mediaId = MediaId().Match(upload.StandardOutput).Groups[1].Value;
        Assert.NotEmpty(mediaId);

        var read = await BufCurlAsync(address, "/mediagrpc.v1.DownloadService/Read", $$"""{"media_id":"{{mediaId}}"}""", deadline.Token);
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Contains(Convert.ToBase64String(content), read.StandardOutput, StringComparison.Ordinal);
    }

    private static Task<CommandResult> BufCurlAsync(Uri address, string method, string messages, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync(
            RepositoryPaths.NodeTool("buf"),
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "--timeout", "30s", "-d", "@-", new Uri(address, method).ToString()],
            TimeSpan.FromSeconds(60),
            standardInput: messages,
            cancellationToken: cancellationToken);

    [GeneratedRegex(@"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=[A-Za-z0-9+/=]+;BlobEndpoint=(?<endpoint>http://127\.0\.0\.1:(?!10000)[0-9]+/devstoreaccount1);")]
    private static partial Regex DocumentedConnectionString();

    [GeneratedRegex("\"mediaId\": \"([A-Za-z0-9_-]+)\"")]
    private static partial Regex MediaId();
}
