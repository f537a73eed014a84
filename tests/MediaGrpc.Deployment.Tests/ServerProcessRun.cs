using System.Collections.Concurrent;
using System.Diagnostics;
using MediaGrpc.Testing;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// The server binary (a build or a publish output) as its own process, with the given
/// arguments and environment, in a throwaway working directory. Its output is kept line by
/// line; it is checked with buf curl, not with our client, so these tests hold whatever
/// gRPC client the repository has. Disposing kills it and deletes the directory.
/// </summary>
internal sealed class ServerProcessRun : IAsyncDisposable
{
    // Listen settings from the test runner's own environment must not leak in.
    private static readonly string[] s_inheritedListenSettings =
        ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "URLS"];

    private readonly Process _process;
    private readonly string _workingDirectory;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private ServerProcessRun(Process process, string workingDirectory)
    {
        _process = process;
        _workingDirectory = workingDirectory;
    }

    /// <summary>Lines written to standard output so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Lines written to standard error so far.</summary>
    public IReadOnlyCollection<string> Error => _error;

    public bool HasExited => _process.HasExited;

    /// <summary>Asks the server to stop as Kubernetes does (SIGTERM), so it drains and exits on its own.</summary>
    public Task<CommandResult> TerminateAsync(CancellationToken cancellationToken) =>
        CommandRunner.RunAsync(
            "kill",
            ["-s", "TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(10),
            cancellationToken: cancellationToken);

    public int ExitCode => _process.ExitCode;

    /// <param name="serverDll">MediaGrpc.Server.dll of a build or publish output.</param>
    /// <param name="arguments">Command-line arguments after the dll.</param>
    /// <param name="environment">Environment variables to set (listen settings of the runner's own are dropped).</param>
    public static ServerProcessRun Start(string serverDll, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("mediagrpc-deploy-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in s_inheritedListenSettings)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var run = new ServerProcessRun(process, workingDirectory);
        process.OutputDataReceived += (_, e) => Keep(run._output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(run._error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits until grpc.health.v1 Check on <paramref name="address"/> answers SERVING.</summary>
    public async Task WaitUntilServingAsync(Uri address, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var check = await BufCurl.HealthCheckAsync(address, cancellationToken);
            if (check.ExitCode == 0 && check.StandardOutput.Contains("\"SERVING\"", StringComparison.Ordinal))
            {
                return;
            }

            if (_process.HasExited || DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException(
                    $"The server did not serve at {address} (exited: {_process.HasExited}).\nlast check: {check}\n{Describe()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Waits for the process to end on its own, as a refused start-up does.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        // The exit can be seen before the last output lines; this waits for them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Everything the process wrote, for assertion messages.</summary>
    public string Describe() =>
        $"stdout:\n{string.Join('\n', _output)}\nstderr:\n{string.Join('\n', _error)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
