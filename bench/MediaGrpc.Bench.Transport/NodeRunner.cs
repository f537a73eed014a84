using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MediaGrpc.Bench.Transport;

/// <summary>The grpc-js processes of the benchmark: the interop server, and the bench client that prints one JSON line.</summary>
internal static class NodeRunner
{
    public static string Root { get; } = FindRoot();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts tests/interop/interop-server.js and waits for its ready line.</summary>
    public static async Task<Process> StartServerAsync(int port, int window)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Root, "tests", "interop", "interop-server.js"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        if (window > 0)
        {
            start.ArgumentList.Add("--window");
            start.ArgumentList.Add(window.ToString(CultureInfo.InvariantCulture));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (line is null || !line.StartsWith("interop-server ready", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException("interop-server.js did not start: " + line);
        }

        return process;
    }

    /// <summary>Runs bench/transport/grpcjs-bench-client.js once and returns its JSON result.</summary>
    public static async Task<JsonElement> RunClientAsync(int port, string mode, int count, int size, int window)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(Root, "bench", "transport", "grpcjs-bench-client.js"),
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--mode", mode,
            "--count", count.ToString(CultureInfo.InvariantCulture),
            "--size", size.ToString(CultureInfo.InvariantCulture),
            "--window", window.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"grpcjs-bench-client.js {mode} failed: {error}");
        }

        return JsonDocument.Parse(output.Trim()).RootElement.Clone();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MediaGrpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MediaGrpc.sln not found above " + AppContext.BaseDirectory);
    }
}
