using System.Diagnostics;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// The drain the chart relies on: after SIGTERM, running calls keep going for the host's
/// shutdown timeout, which the chart sets with <c>DOTNET_SHUTDOWNTIMEOUTSECONDS</c>
/// (<c>drain.shutdownTimeoutSeconds</c>), and the server exits once it has passed.
/// </summary>
public sealed class DrainTests
{
    private const int ShutdownTimeoutSeconds = 3;

    [Fact(Timeout = 120_000)]
    public async Task A_running_call_holds_the_exit_for_the_configured_shutdown_timeout_and_no_longer()
    {
        var address = ServerBinaries.Loopback(FreePort.Next());
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", address.ToString()],
            new Dictionary<string, string> { ["DOTNET_SHUTDOWNTIMEOUTSECONDS"] = ShutdownTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var deadline = TestDeadline.Start();
        await server.WaitUntilServingAsync(address, deadline.Token);

        // An upload that has started and waits for its next chunk: buf curl's input stays open.
        using var upload = StartOpenUpload(address);
        var accepted = new TaskCompletionSource();
        upload.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("\"accepted\"", StringComparison.Ordinal) == true)
            {
                accepted.TrySetResult();
            }
        };
        upload.BeginOutputReadLine();
        upload.BeginErrorReadLine();
        await upload.StandardInput.WriteLineAsync("""{"start":{"media":{"display_name":"held.txt","content_type":"text/plain"}}}""");
        await upload.StandardInput.FlushAsync(deadline.Token);
        try
        {
            await accepted.Task.WaitAsync(deadline.Token);

            var stopwatch = Stopwatch.StartNew();
            var terminate = await server.TerminateAsync(deadline.Token);
            Assert.True(terminate.ExitCode == 0, terminate.ToString());
            await server.WaitForExitAsync(deadline.Token);
            stopwatch.Stop();

            Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(ShutdownTimeoutSeconds - 0.5), $"Exited after {stopwatch.Elapsed}: the running call was not waited for.");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"Exited after {stopwatch.Elapsed}: the configured shutdown timeout was not used (the default is 30 s).");
        }
        finally
        {
            if (!upload.HasExited)
            {
                upload.Kill(entireProcessTree: true);
                await upload.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private static Process StartOpenUpload(Uri address)
    {
        var start = new ProcessStartInfo(RepositoryPaths.NodeTool("buf"))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[] { "curl", "--protocol", "grpc", "--http2-prior-knowledge", "-d", "@-", new Uri(address, "/mediagrpc.v1.UploadService/Upload").ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start buf curl.");
    }
}
