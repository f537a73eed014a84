using System.Diagnostics;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Rpc;
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
        var port = FreePort.Next();
        var serverDll = Path.Combine(AppContext.BaseDirectory, "MediaGrpc.Server.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}"));
            var client = new MediaGrpcClient(channel);
            await WaitUntilServingAsync(client, server);
            var content = TestData.Bytes(300_000, seed: 30);

            var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "default.bin" });
            using var downloaded = new MemoryStream();
            await client.DownloadAsync(upload.Media.MediaId, downloaded);

            Assert.Equal(TestData.Sha256(content), TestData.Sha256(downloaded.ToArray()));
            Assert.True(Directory.Exists(Path.Combine(workingDirectory, "data", "blobs")), "The default store lives in ./data/blobs.");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private static async Task WaitUntilServingAsync(MediaGrpcClient client, Process server)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA");
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return;
            }
            catch (RpcException) when (attempt < 150 && !server.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }
}
