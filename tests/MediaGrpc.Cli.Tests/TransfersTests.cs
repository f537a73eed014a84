using System.Text.Json;
using Xunit;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// <c>transfers</c> against uploads the tool itself runs: listed, shown, watched to the end event
/// by event, refused a pause (uploads are not pausable), and cancelled from another
/// process, which ends the upload with CANCELLED and a hint to resume.
/// </summary>
public sealed class TransfersTests : IDisposable
{
    private readonly string _folder = TestFiles.NewFolder("transfers");

    public void Dispose() => TestFiles.Delete(_folder);

    [Fact(Timeout = 240_000)]
    public async Task Running_upload_is_listed_watched_to_completion_and_another_is_cancelled_by_id()
    {
        await using var server = await SlowServer.StartAsync(Directory.CreateDirectory(Path.Combine(_folder, "server")).FullName);
        var address = server.Address.ToString();
        var cli = new CliRunner(Path.Combine(_folder, "state"));

        var watchedFile = TestFiles.Create(_folder, "watched.bin", SlowServer.FileSize, seed: 41);
        using (var watchedUpload = cli.Start("upload", watchedFile, "--server", address, "--json"))
        {
            var transferId = await RunningUploadAsync(cli, address);

            var get = await cli.RunAsync("transfers", "get", transferId, "--server", address, "--json");
            var pause = await cli.RunAsync("transfers", "pause", transferId, "--server", address);
            var watch = await cli.RunAsync("transfers", "watch", transferId, "--server", address, "--json");
            var uploaded = await CliRunner.WaitAsync(watchedUpload, TimeSpan.FromSeconds(120));

            Assert.True(get.ExitCode == 0, get.ToString());
            Assert.Equal(transferId, get.Json.GetProperty("transferId").GetString());
            Assert.False(get.Json.GetProperty("pausable").GetBoolean());
            Assert.True(pause.ExitCode == 9, pause.ToString());
            Assert.True(watch.ExitCode == 0, watch.ToString());
            var events = watch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
            Assert.True(events.Count >= 2, watch.ToString());
            Assert.Equal(transferId, events[0].GetProperty("snapshot").GetProperty("transferId").GetString());
            var last = events[^1].TryGetProperty("progress", out var progress) ? progress : events[^1].GetProperty("snapshot");
            Assert.Equal("TRANSFER_STATE_COMPLETED", last.GetProperty("state").GetString());
            Assert.True(uploaded.ExitCode == 0, uploaded.ToString());
        }

        var cancelledFile = TestFiles.Create(_folder, "cancelled.bin", SlowServer.FileSize, seed: 42);
        using var cancelledUpload = cli.Start("upload", cancelledFile, "--server", address);
        var cancelledId = await RunningUploadAsync(cli, address);

        var cancel = await cli.RunAsync("transfers", "cancel", cancelledId, "--server", address, "--json");
        var cancelled = await CliRunner.WaitAsync(cancelledUpload, TimeSpan.FromSeconds(60));

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal(cancelledId, cancel.Json.GetProperty("transferId").GetString());
        Assert.True(cancelled.ExitCode == 1, cancelled.ToString());
        Assert.StartsWith("mediagrpc: CANCELLED: ", cancelled.StandardError, StringComparison.Ordinal);
        Assert.Contains("run the same command again", cancelled.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The ID of the caller's one active upload transfer, once <c>transfers ls</c> shows it.</summary>
    private static async Task<string> RunningUploadAsync(CliRunner cli, string address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var list = await cli.RunAsync("transfers", "ls", "--server", address, "--json");
            Assert.True(list.ExitCode == 0, list.ToString());
            foreach (var transfer in list.Json.GetProperty("transfers").EnumerateArray())
            {
                if (transfer.GetProperty("kind").GetString() == "TRANSFER_KIND_UPLOAD"
                    && transfer.GetProperty("state").GetString() == "TRANSFER_STATE_ACTIVE")
                {
                    return transfer.GetProperty("transferId").GetString()!;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "No active upload was listed within 60 s.");
            await Task.Delay(100);
        }
    }
}
