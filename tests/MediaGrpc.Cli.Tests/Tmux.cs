using System.Globalization;
using MediaGrpc.Testing;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// A private tmux server (its own socket) running one shell command in a real
/// pseudo-terminal; the test reads the screen with capture-pane and types with send-keys.
/// </summary>
internal sealed class Tmux : IAsyncDisposable
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(20);
    private readonly string _socket = "mediagrpc-cli-" + Guid.NewGuid().ToString("N")[..12];
    private int _sessions;

    /// <summary>Runs <paramref name="script"/> (a file) with sh in a new 150×30 session; returns the session's name.</summary>
    public async Task<string> StartAsync(string script)
    {
        var session = "s" + (++_sessions).ToString(CultureInfo.InvariantCulture);
        await RunAsync("new-session", "-d", "-s", session, "-x", "150", "-y", "30", "sh " + script);
        return session;
    }

    public async Task<string> CaptureAsync(string session) => (await RunAsync("capture-pane", "-p", "-t", session)).StandardOutput;

    public Task SendKeysAsync(string session, string keys) => RunAsync("send-keys", "-t", session, keys);

    /// <summary>Reads the screen until <paramref name="done"/> holds for it; fails with the last screen after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForScreenAsync(string session, Func<string, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var screen = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            screen = await CaptureAsync(session);
            if (done(screen))
            {
                return screen;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The screen did not show {what} within {timeout}. Last screen:\n{screen}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CommandRunner.RunAsync("tmux", ["-L", _socket, "kill-server"], s_commandTimeout);
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Nothing to stop.
        }
    }

    private async Task<CommandResult> RunAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunAsync("tmux", ["-L", _socket, .. arguments], s_commandTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {result}");
        }

        return result;
    }
}
