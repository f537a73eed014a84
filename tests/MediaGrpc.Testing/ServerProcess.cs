using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace MediaGrpc.Testing;

/// <summary>
/// The server binary in its own process on a fixed loopback port, as deployed: it can be
/// killed like a crash (SIGKILL, no shutdown) and started again on the same port and data.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{

    private readonly string[] _arguments;
    private readonly string _workingDirectory;
    private Process? _process;

    private ServerProcess(int port, string workingDirectory, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        Address = new Uri($"http://127.0.0.1:{port}");
        _workingDirectory = workingDirectory;
        _arguments = arguments;
        Environment = environment ?? new Dictionary<string, string>();
    }

    public Uri Address { get; }

    /// <summary>The running process's ID, e.g. to read its memory use.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Starts the server with <c>--urls</c> set and the given extra arguments, and waits until it serves.</summary>
    public static async Task<ServerProcess> StartAsync(int port, string workingDirectory, params string[] arguments)
    {
        var server = new ServerProcess(port, workingDirectory, arguments);
        await server.StartAsync();
        return server;
    }

    /// <summary>
    /// Starts the server configured by environment variables only (<c>Transfers__Provider=Redis</c>,
    /// ...), as a container would be; <c>--urls</c> aside, no argument is passed.
    /// </summary>
    public static async Task<ServerProcess> StartWithEnvironmentAsync(int port, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var server = new ServerProcess(port, workingDirectory, [], environment);
        await server.StartAsync();
        return server;
    }

    /// <summary>Environment variables the process gets beside this one's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Command-line arguments (<c>--Key=Value</c>) that set the given configuration.</summary>
    public static string[] ArgumentsFor(IDictionary<string, string?> configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. configuration.Select(setting => $"--{setting.Key}={setting.Value}")];
    }

    /// <summary>Kills the process at once, as a crash would: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MediaGrpc.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Address.ToString().TrimEnd('/'));
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilServingAsync(process);
    }

    private async Task WaitUntilServingAsync(Process process)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                // Not listening yet.
            }

            if (process.HasExited || DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"The server at {Address} did not start serving (exited: {process.HasExited}).");
            }

            await Task.Delay(100);
        }
    }
}
