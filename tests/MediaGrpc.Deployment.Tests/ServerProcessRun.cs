using System.Collections.Concurrent;
using System.Diagnostics;
using MediaGrpc.Testing;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// The server binary (a build or a publish output, or <c>dotnet run</c>) as its own process,
/// with the given arguments and environment, in a throwaway working directory (the
/// repository root for <c>dotnet run</c>). Its output is kept line by
/// line; it is checked with buf curl, not with our client, so these tests hold whatever
/// gRPC client the repository has. Disposing kills it (with its children) and deletes the
/// throwaway directory.
/// </summary>
internal sealed class ServerProcessRun : IAsyncDisposable
{
    // Listen settings from the test runner's own environment must not leak in.
    private static readonly string[] s_inheritedListenSettings =
        ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "URLS"];

    private readonly Process _process;
    private readonly string _scratch;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private ServerProcessRun(Process process, string scratch)
    {
        _process = process;
        _scratch = scratch;
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
    public static ServerProcessRun Start(string serverDll, IEnumerable<string> arguments, IDictionary<string, string>? environment = null) =>
        // The binary's folder is the content root, as the image's working directory is:
        // its appsettings.json is read. Relative data paths land in the throwaway folder.
        StartDotnet([serverDll, "--contentRoot", Path.GetDirectoryName(Path.GetFullPath(serverDll))!, .. arguments], environment, workingDirectory: null);

    /// <summary>
    /// <c>dotnet run --project src/MediaGrpc.Server -c Release</c> from the repository root,
    /// as the README says, launch profile included; build servers and nodes do not outlive it.
    /// </summary>
    public static ServerProcessRun StartDotnetRun(IEnumerable<string> applicationArguments, IDictionary<string, string>? environment = null)
    {
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        return StartDotnet(
            ["run", "--project", ServerBinaries.Project, "-c", "Release", "--", .. applicationArguments],
            settings,
            RepositoryPaths.Root);
    }

    private static ServerProcessRun StartDotnet(IEnumerable<string> arguments, IDictionary<string, string>? environment, string? workingDirectory)
    {
        var scratch = Directory.CreateTempSubdirectory("mediagrpc-deploy-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? scratch,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // MSBuild's variables of the test run itself must not steer a build started here.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
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
        var run = new ServerProcessRun(process, scratch);
        process.OutputDataReceived += (_, e) => Keep(run._output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(run._error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits until grpc.health.v1 Check on <paramref name="address"/> answers SERVING, or the token ends the wait.</summary>
    public async Task WaitUntilServingAsync(Uri address, CancellationToken cancellationToken)
    {
        CommandResult? check = null;
        try
        {
            while (true)
            {
                check = await BufCurl.HealthCheckAsync(address, cancellationToken);
                if (check.ExitCode == 0 && check.StandardOutput.Contains("\"SERVING\"", StringComparison.Ordinal))
                {
                    return;
                }

                if (_process.HasExited || ListensElsewhere(address))
                {
                    break;
                }

                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with what the process wrote.
        }

        throw new InvalidOperationException(
            $"The server did not serve at {address} (exited: {_process.HasExited}).\nlast check: {check}\n{Describe()}");
    }

    // Started, and none of the addresses it announced covers the one asked for: no use waiting.
    // A wildcard address ([::], 0.0.0.0) on the same scheme and port covers the loopback one.
    private bool ListensElsewhere(Uri address)
    {
        string[] covering =
        [
            address.GetLeftPart(UriPartial.Authority),
            $"{address.Scheme}://[::]:{address.Port}",
            $"{address.Scheme}://0.0.0.0:{address.Port}",
        ];
        return _output.Any(line => line.Contains("Application started", StringComparison.Ordinal))
            && !_output.Any(line => covering.Any(listening => line.Contains("Now listening on: " + listening, StringComparison.Ordinal)));
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
            Directory.Delete(_scratch, recursive: true);
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
