using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MediaGrpc.Testing;

/// <summary>
/// One throwaway <c>azurite-blob</c> (installed by <c>npm ci</c> at the repository root) on
/// 127.0.0.1 and a free port, storing into a temp folder that is deleted on dispose.
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    private const int StartAttempts = 3;
    private const int MaxCapturedOutput = 8 * 1024;

    private readonly string _tool;
    private readonly (string Name, string Key)? _account;
    private Process _process;
    private StringBuilder _output;

    private AzuriteProcess(string tool, (string Name, string Key)? account, Process process, StringBuilder output, int port, string location)
    {
        _tool = tool;
        _account = account;
        _process = process;
        _output = output;
        Port = port;
        Location = location;
    }

    public int Port { get; }

    /// <summary>The temp folder Azurite stores into.</summary>
    public string Location { get; }

    /// <summary>The storage account: the emulator's development account, or the one given at start.</summary>
    public string AccountName => _account?.Name ?? AzuriteDevelopmentAccount.Name;

    /// <summary>The path-style blob endpoint of the account, without a trailing '/'.</summary>
    public string BlobEndpoint => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName}";

    /// <summary>
    /// CPU time the emulator (one Node process) has used so far. Benchmarks read it before and
    /// after a transfer: on a small machine Azurite shares the cores with the code measured,
    /// so the work a path makes it do is part of that path's cost.
    /// </summary>
    public TimeSpan TotalProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>
    /// Starts Azurite and waits until it answers HTTP. A port taken between choosing and binding
    /// it makes Azurite exit; start-up then retries on a fresh port.
    /// </summary>
    /// <param name="readyTimeout">How long each start attempt may take to answer HTTP.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="account">
    /// A storage account (name, base64 key) to serve instead of the public development account
    /// (Azurite's <c>AZURITE_ACCOUNTS</c>), e.g. with a key made up at run time that must not leak.
    /// </param>
    public static async Task<AzuriteProcess> StartAsync(TimeSpan readyTimeout, CancellationToken cancellationToken, (string Name, string Key)? account = null)
    {
        string tool;
        try
        {
            tool = RepositoryPaths.NodeTool("azurite-blob");
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException(
                "Azurite is not installed: run 'npm ci' at the repository root (it installs azurite into node_modules). " +
                $"Or set {AzuriteFixture.EndpointVariable} to a running emulator's blob endpoint.", exception);
        }

        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var started = Start(tool, account, FreePort.Next(), NewLocation());
            if (await started.WaitUntilReadyAsync(readyTimeout, cancellationToken))
            {
                return started;
            }

            failures.Append(CultureInfo.InvariantCulture, $"attempt {attempt} on port {started.Port}: {started.CapturedOutput()}\n");
            started.Dispose();
        }

        throw new InvalidOperationException($"azurite-blob did not start after {StartAttempts} attempts:\n{failures}");
    }

    /// <summary>Kills the emulator at once (SIGKILL), as a crash would; its data folder stays.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the emulator again on the same port and data folder, after <see cref="KillAsync"/>.</summary>
    public async Task RestartAsync(TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        await KillAsync();
        _process.Dispose();
        var again = Start(_tool, _account, Port, Location);
        (_process, _output) = (again._process, again._output);
        if (!await WaitUntilReadyAsync(readyTimeout, cancellationToken))
        {
            throw new InvalidOperationException($"azurite-blob did not start again on port {Port}: {CapturedOutput()}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        _process.Dispose();
        DeleteLocation();
    }

    private static string NewLocation()
    {
        var location = Path.Combine(Path.GetTempPath(), "mediagrpc-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        return location;
    }

    private static AzuriteProcess Start(string tool, (string Name, string Key)? account, int port, string location)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (account is { } custom)
        {
            startInfo.Environment["AZURITE_ACCOUNTS"] = custom.Name + ":" + custom.Key;
        }

        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--location", location, "--silent", "--disableTelemetry",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Capture(output, e.Data);
        process.ErrorDataReceived += (_, e) => Capture(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AzuriteProcess(tool, account, process, output, port, location);
    }

    private static void Capture(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < MaxCapturedOutput)
            {
                output.AppendLine(line);
            }
        }
    }

    private string CapturedOutput()
    {
        lock (_output)
        {
            return _output.Length == 0 ? "(no output)" : _output.ToString();
        }
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                // Any HTTP answer, even an error status, means the server is listening.
                using var response = await http.GetAsync(new Uri(BlobEndpoint + "?comp=list"), cancellationToken);
                return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        return false;
    }

    private void DeleteLocation()
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(Location); attempt++)
        {
            try
            {
                Directory.Delete(Location, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
