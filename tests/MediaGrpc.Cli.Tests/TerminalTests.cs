using System.Text.RegularExpressions;
using Xunit;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// The tool in a real pseudo-terminal (tmux): it draws a progress bar that ends at 100%,
/// and Ctrl-C in the middle of an upload exits non-zero, says how to resume, and leaves
/// an upload the server holds a persisted offset of and the same command completes.
/// </summary>
public sealed partial class TerminalTests : IDisposable
{
    private readonly string _folder = TestFiles.NewFolder("tty");

    public void Dispose() => TestFiles.Delete(_folder);

    [Fact(Timeout = 240_000)]
    public async Task Ctrl_c_mid_upload_leaves_it_resumable_and_the_same_command_completes_it_with_a_bar_at_100_percent()
    {
        var file = TestFiles.Create(_folder, "clip.bin", SlowServer.FileSize, seed: 21);
        await using var server = await SlowServer.StartAsync(Directory.CreateDirectory(Path.Combine(_folder, "server")).FullName);
        var state = Path.Combine(_folder, "state");
        var script = Path.Combine(_folder, "upload.sh");
        await File.WriteAllTextAsync(script, string.Join('\n',
            // Ctrl-C reaches the whole foreground process group: the shell keeps running
            // (a trap, not an ignore, so the tool still gets the signal) to print the exit code.
            "trap 'echo' INT",
            "unset MEDIAGRPC_SERVER MEDIAGRPC_API_KEY",
            $"export MEDIAGRPC_STATE_DIR='{state}'",
            $"cd '{_folder}'",
            $"dotnet '{CliRunner.ToolPath}' upload clip.bin --server {server.Address}",
            "echo \"EXIT=$?\"",
            "sleep 600",
            string.Empty));
        await using var tmux = new Tmux();

        var first = await tmux.StartAsync(script);
        var midway = await tmux.WaitForScreenAsync(first, screen => Percent(screen) is > 2 and < 80, TimeSpan.FromSeconds(90), "a bar between 2% and 80%");
        Assert.Contains("upload clip.bin", midway, StringComparison.Ordinal);
        Assert.Contains("━", midway, StringComparison.Ordinal);
        await tmux.SendKeysAsync(first, "C-c");
        var stopped = await tmux.WaitForScreenAsync(first, screen => screen.Contains("EXIT=", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the exit code");

        Assert.Matches(@"EXIT=[1-9]", stopped);
        Assert.Contains("CANCELLED", stopped, StringComparison.Ordinal);
        Assert.Contains("run the same command again", Unwrapped(stopped), StringComparison.Ordinal);
        var uploadId = await SdkProbe.RememberedUploadIdAsync(state, TimeSpan.FromSeconds(5));
        var status = await SdkProbe.UploadStatusAsync(server.Address, uploadId);
        Assert.False(status.Complete);
        Assert.InRange(status.PersistedOffset, 1, SlowServer.FileSize - 1);

        var second = await tmux.StartAsync(script);
        var finished = await tmux.WaitForScreenAsync(second, screen => screen.Contains("EXIT=", StringComparison.Ordinal), TimeSpan.FromSeconds(120), "the exit code");

        Assert.Contains("EXIT=0", finished, StringComparison.Ordinal);
        Assert.Equal(100, Percent(finished));
        Assert.Contains("━", finished, StringComparison.Ordinal);
        var completed = await SdkProbe.UploadStatusAsync(server.Address, uploadId);
        Assert.True(completed.Complete);
        Assert.Equal(TestFiles.Sha256Hex(file), Convert.ToHexStringLower(completed.Media.Sha256.Span));
        Assert.Contains(completed.Media.MediaId, finished, StringComparison.Ordinal);
    }

    /// <summary>The last percentage the bar shows, or null when none is drawn.</summary>
    private static int? Percent(string screen)
    {
        var matches = PercentPattern().Matches(screen);
        return matches.Count == 0 ? null : int.Parse(matches[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    // The terminal wraps long lines; the message is checked as one.
    private static string Unwrapped(string screen) => screen.Replace("\n", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"(\d{1,3})%")]
    private static partial Regex PercentPattern();
}
