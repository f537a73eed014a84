using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// The server binary as a newcomer starts it: no configuration beyond the listen
/// address, so the embedded default (local disk in the working folder, every caller
/// the local owner) serves uploads and downloads.
/// </summary>
public sealed class EmbeddedDefaultTests
{
    [Fact(Timeout = 90_000)]
    public async Task Server_started_with_no_configuration_serves_an_upload_and_download()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("mediagrpc-default-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(FreePort.Next(), workingDirectory);
            using var channel = GrpcChannel.ForAddress(server.Address);
            var client = new MediaGrpcClient(channel);
            var content = TestData.Bytes(300_000, seed: 30);

            var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "default.bin" });
            using var downloaded = new MemoryStream();
            await client.DownloadAsync(upload.Media.MediaId, downloaded);

            Assert.Equal(TestData.Sha256(content), TestData.Sha256(downloaded.ToArray()));
            Assert.True(Directory.Exists(Path.Combine(workingDirectory, "data", "blobs")), "The default store lives in ./data/blobs.");
            await Assert.ThrowsAsync<RpcException>(() => client.GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
