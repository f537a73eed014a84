using System.Globalization;

namespace MediaGrpc.Testing;

/// <summary>
/// Runs <c>redis-cli</c> (from Debian's redis-tools, which redis-server depends on) against a
/// loopback port: the fixtures set up clusters and sentinels with it, not with the client
/// under test.
/// </summary>
public static class RedisCli
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs one command on 127.0.0.1:<paramref name="port"/> and returns its output.</summary>
    /// <exception cref="InvalidOperationException">redis-cli failed.</exception>
    public static async Task<string> RunAsync(int port, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        string[] all = ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. arguments];
        var result = await CommandRunner.RunAsync(
            RedisServerInstance.FindExecutable("redis-cli"), all, s_timeout, workingDirectory: Path.GetTempPath(), cancellationToken: cancellationToken);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"redis-cli {string.Join(' ', all)} failed: {result}");
    }

    /// <summary>Retries <paramref name="condition"/> on the output of a command until it holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>.</exception>
    public static async Task WaitUntilAsync(int port, string[] arguments, Func<string, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await RunAsync(port, arguments, cancellationToken);
                if (condition(last))
                {
                    return;
                }
            }
            catch (InvalidOperationException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        throw new TimeoutException($"redis-cli -p {port} {string.Join(' ', arguments)} never gave the awaited answer; last:\n{last}");
    }
}
