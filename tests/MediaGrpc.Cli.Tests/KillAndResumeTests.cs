using Xunit;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// The server is killed (SIGKILL, no shutdown) in the middle of an upload; once it is back
/// on the same storage folder, the same command finishes the same upload from its
/// persisted offset and the media is byte-identical to the file.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private readonly string _folder = TestFiles.NewFolder("kill");

    public void Dispose() => TestFiles.Delete(_folder);

    [Fact(Timeout = 240_000)]
    public async Task Server_killed_mid_upload_then_the_same_command_again_finishes_it()
    {
        var file = TestFiles.Create(_folder, "video.bin", SlowServer.FileSize, seed: 11);
        var serverFolder = Directory.CreateDirectory(Path.Combine(_folder, "server")).FullName;
        await using var server = await SlowServer.StartAsync(serverFolder);
        var cli = new CliRunner(Path.Combine(_folder, "state"));
        // One attempt: the first failure ends the command, as if the user had given up waiting.
        string[] command = ["upload", file, "--server", server.Address.ToString(), "--json", "--attempts", "1"];

        using var running = cli.Start(command);
        var uploadId = await SdkProbe.RememberedUploadIdAsync(cli.StateFolder, TimeSpan.FromSeconds(60));
        var persisted = await SdkProbe.WaitForPersistedAsync(server.Address, uploadId, 4 * 1024 * 1024, TimeSpan.FromSeconds(60));
        Assert.InRange(persisted, 4 * 1024 * 1024, SlowServer.FileSize - 1);
        await server.KillAsync();
        var interrupted = await CliRunner.WaitAsync(running, TimeSpan.FromSeconds(60));

        Assert.True(interrupted.ExitCode == 14, interrupted.ToString());
        Assert.Contains("run the same command again", interrupted.StandardError, StringComparison.Ordinal);
        Assert.Contains(uploadId, interrupted.StandardError, StringComparison.Ordinal);
        Assert.Equal(14, interrupted.Json.GetProperty("error").GetProperty("code").GetInt32());

        var remembered = Assert.Single((await cli.RunAsync("uploads", "--json")).Json.GetProperty("uploads").EnumerateArray());
        Assert.Equal(uploadId, remembered.GetProperty("uploadId").GetString());
        Assert.Equal(file, remembered.GetProperty("path").GetString());

        await server.RestartAsync();
        var heldAfterRestart = (await SdkProbe.UploadStatusAsync(server.Address, uploadId)).PersistedOffset;
        Assert.True(heldAfterRestart >= persisted, $"The server holds {heldAfterRestart} bytes after the restart, below the {persisted} it reported.");
        var resumed = await cli.RunAsync(command);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(uploadId, resumed.Json.GetProperty("uploadId").GetString());
        Assert.True(resumed.Json.GetProperty("resumedFrom").GetInt64() >= persisted);
        var mediaId = resumed.Json.GetProperty("mediaId").GetString()!;
        var copy = Path.Combine(_folder, "copy.bin");
        var download = await cli.RunAsync("download", mediaId, "-o", copy, "--server", server.Address.ToString());
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal(TestFiles.Sha256Hex(file), TestFiles.Sha256Hex(copy));
        Assert.Equal(0, (await cli.RunAsync("uploads", "--json")).Json.GetProperty("uploads").GetArrayLength());
    }
}
