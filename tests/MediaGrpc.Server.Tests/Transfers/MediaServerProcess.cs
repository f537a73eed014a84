using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace MediaGrpc.Server.Tests.Transfers;

/// <summary>
/// The server as a separate OS process (the build output next to the tests), on a free
/// loopback port, configured on the command line; so a test can kill -9 a replica.
/// </summary>
internal sealed class MediaServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private MediaServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<MediaServerProcess> StartAsync(IDictionary<string, string?> configuration, CancellationToken cancellationToken)
    {
        var port = FreePortFor();
        var directory = AppContext.BaseDirectory;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path.Combine(directory, "MediaGrpc.Server.dll"));
        startInfo.ArgumentList.Add("--urls=http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var (key, value) in configuration)
        {
            startInfo.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the server process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MediaServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The server process exited with {process.ExitCode} during start-up.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                    return server;
                }
                catch (SocketException)
                {
                    await Task.Delay(50, cancellationToken);
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the replica dies without ending its transfers.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static int FreePortFor() => MediaGrpc.Testing.FreePort.Next();
}
