using System.Diagnostics;
using System.Text;

namespace MediaGrpc.Testing;

/// <summary>
/// A Node script run as a throwaway child process (e.g. a grpc-js peer from
/// <c>tests/interop</c>), started once it prints its ready line and killed on dispose.
/// </summary>
/// <remarks>
/// The child's stdin is a pipe held by this process: scripts that exit when stdin closes
/// (as <c>tests/interop</c> scripts do) cannot outlive a test run that crashed.
/// </remarks>
public sealed class NodeProcess : IDisposable
{
    private const int MaxCapturedOutput = 8 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyPrefix;

    private NodeProcess(Process process, string readyPrefix)
    {
        _process = process;
        _readyPrefix = readyPrefix;
    }

    /// <summary>The line the script printed when it became ready.</summary>
    public string ReadyLine => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : string.Empty;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Runs <c>node <paramref name="script"/> <paramref name="arguments"/></c> from the
    /// repository root and waits until a stdout line starts with <paramref name="readyPrefix"/>.
    /// </summary>
    /// <exception cref="NodeProcessException">The script exited or stayed silent past <paramref name="readyTimeout"/>; the message holds its output.</exception>
    public static async Task<NodeProcess> StartAsync(
        string script,
        IReadOnlyList<string> arguments,
        string readyPrefix,
        TimeSpan readyTimeout,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var node = new NodeProcess(process, readyPrefix);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data, isOutput: true);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data, isOutput: false);
        process.Exited += (_, _) =>
        {
            // Exited can be raised before the last output lines were delivered; the wait
            // without a timeout returns once both redirected streams reached their end, so a
            // ready line printed just before exiting is seen first.
            try
            {
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Disposed meanwhile: nobody waits for the ready line any more.
            }

            node._ready.TrySetException(
                new NodeProcessException($"node {Path.GetFileName(script)} exited before it was ready:\n{node.CapturedOutput()}"));
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            process.Dispose();
            throw new NodeProcessException("'node' could not be started: is Node.js on the PATH?", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node._ready.Task.WaitAsync(readyTimeout, cancellationToken).ConfigureAwait(false);
            return node;
        }
        catch (TimeoutException)
        {
            node.Dispose();
            throw new NodeProcessException(
                $"node {Path.GetFileName(script)} printed no '{readyPrefix}' line within {readyTimeout}:\n{node.CapturedOutput()}");
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }

    /// <summary>What the script wrote to stdout and stderr so far (the first 8 KiB), for failure messages.</summary>
    public string CapturedOutput()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>Writes one line to the script's stdin, e.g. to let it go on after a "holding" line.</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until the script exits by itself and returns its exit code.</summary>
    /// <exception cref="TimeoutException">It is still running after <paramref name="timeout"/>; the message holds its output.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"node is still running after {timeout}:\n{CapturedOutput()}");
        }

        // The exit can be seen before the last output lines were delivered: wait for them.
        _process.WaitForExit();
        return _process.ExitCode;
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
    }

    private void OnLine(string? line, bool isOutput)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < MaxCapturedOutput)
            {
                _output.AppendLine(line);
            }
        }

        if (isOutput && line.StartsWith(_readyPrefix, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line);
        }
    }
}
