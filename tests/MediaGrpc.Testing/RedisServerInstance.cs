using System.Diagnostics;
using System.Globalization;

namespace MediaGrpc.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> process on 127.0.0.1: no persistence, killed on dispose.
/// Tests may kill it to simulate a crash and restart it on the same port.
/// </summary>
public sealed class RedisServerInstance : IAsyncDisposable
{
    private const int StartAttempts = 5;
    private const int OutputLinesKept = 40;
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(10);

    private readonly string _executable;
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly string? _sentinelConfigFile;

    // Its own working directory: redis-server loads any dump.rdb it finds there at start,
    // and a shared temp folder may hold one from something else.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mediagrpc-redis-" + Guid.NewGuid().ToString("N"));
    private readonly Queue<string> _output = new();
    private Process? _process;

    private RedisServerInstance(string executable, int port, IReadOnlyList<string> extraArguments, string? sentinelConfigFile = null)
    {
        _executable = executable;
        Port = port;
        _extraArguments = extraArguments;
        _sentinelConfigFile = sentinelConfigFile;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:port</c>, which is also a StackExchange.Redis configuration string.</summary>
    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>True while the process this instance started is alive.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts <c>redis-server</c> on a free port with the throwaway settings plus
    /// <paramref name="extraArguments"/> (for example <c>--requirepass secret</c>) and waits
    /// until it answers PING. A start that fails (typically a port taken in the meantime) is
    /// retried on a fresh port.
    /// </summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed, or never became ready.</exception>
    public static Task<RedisServerInstance> StartAsync(IEnumerable<string>? extraArguments = null, CancellationToken cancellationToken = default) =>
        StartAsync(new RedisServerInstance(FindExecutable("redis-server"), FreePort.Next(), [.. extraArguments ?? []]), cancellationToken);

    /// <summary>
    /// Starts a Redis Sentinel with the configuration file <paramref name="configFile"/>
    /// (which it rewrites as it learns), on a free port: <c>redis-sentinel</c> when installed,
    /// else <c>redis-server --sentinel</c>, the same program.
    /// </summary>
    public static Task<RedisServerInstance> StartSentinelAsync(string configFile, CancellationToken cancellationToken = default)
    {
        var executable = TryFindExecutable("redis-sentinel") ?? FindExecutable("redis-server");
        return StartAsync(new RedisServerInstance(executable, FreePort.Next(), [], configFile), cancellationToken);
    }

    private static async Task<RedisServerInstance> StartAsync(RedisServerInstance instance, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await instance.TryStartAsync(cancellationToken))
            {
                return instance;
            }

            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException(
                    $"redis-server did not start after {StartAttempts} attempts. Its last output:\n{instance.RecentOutput()}");
            }

            instance.Port = FreePort.Next();
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would: clients see the socket drop.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Starts the server again on the same port with the same arguments, killing it first if it runs.</summary>
    /// <exception cref="InvalidOperationException">The port could not be bound again.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync(cancellationToken);
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            if (await TryStartAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
        }

        throw new InvalidOperationException(
            $"redis-server did not restart on port {Port}. Its last output:\n{RecentOutput()}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync(CancellationToken.None);
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<bool> TryStartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        var startInfo = new ProcessStartInfo(_executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] throwaway = _sentinelConfigFile is null
            ?
            [
                "--port", Port.ToString(CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--save", string.Empty,
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", _directory,
            ]
            :
            [
                _sentinelConfigFile, "--sentinel",
                "--port", Port.ToString(CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--daemonize", "no",
            ];
        foreach (var argument in throwaway.Concat(_extraArguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        try
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < s_readyTimeout)
            {
                // Check exit first: a process that failed to bind must not be mistaken for
                // whatever else answers on that port.
                if (process.HasExited)
                {
                    break;
                }

                if (await RedisServerProbe.AnswersPingAsync(Port, cancellationToken) && !process.HasExited)
                {
                    return true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken);
            }
        }
        catch
        {
            // Cancelled or broken while waiting: nobody will own this process, so end it here.
            await KillAsync(CancellationToken.None);
            throw;
        }

        await KillAsync(CancellationToken.None);
        return false;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }

    private string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    /// <summary>The full path of a Redis program (redis-server, redis-sentinel, redis-cli) on PATH.</summary>
    /// <exception cref="InvalidOperationException">It is not installed.</exception>
    internal static string FindExecutable(string name) =>
        TryFindExecutable(name) ?? throw new InvalidOperationException(
            $"{name} is not on PATH. Install it (Debian/Ubuntu: 'apt-get install -y redis-server redis-sentinel'), " +
            $"or set {RedisServerFixture.EndpointVariable}=host:port to use a server that is already running.");

    private static string? TryFindExecutable(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
