using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace MediaGrpc.Cli.Tests;

/// <summary>One finished run of the tool: its exit code and what it printed.</summary>
internal sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The single JSON object a --json run printed on stdout.</summary>
    public JsonElement Json
    {
        get
        {
            var lines = StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length != 1)
            {
                throw new InvalidOperationException($"Expected one JSON line on stdout.\n{this}");
            }

            using var document = JsonDocument.Parse(lines[0]);
            return document.RootElement.Clone();
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}";
}

/// <summary>
/// Runs the built tool as a user would (<c>dotnet MediaGrpc.Cli.dll ARGS</c>) with its own
/// state folder, and no MEDIAGRPC_* variables from the test's environment.
/// </summary>
internal sealed class CliRunner(string stateFolder, IReadOnlyDictionary<string, string>? environment = null)
{
    public static string ToolPath => BuildOutput.ToolPath;

    public string StateFolder { get; } = stateFolder;

    public async Task<CliRun> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        return await WaitAsync(process, TimeSpan.FromSeconds(120));
    }

    /// <summary>Runs the tool with <paramref name="standardInput"/> on its stdin.</summary>
    public async Task<CliRun> RunWithInputAsync(string standardInput, params string[] arguments)
    {
        using var process = Start(arguments);
        await process.StandardInput.WriteAsync(standardInput);
        return await WaitAsync(process, TimeSpan.FromSeconds(120));
    }

    /// <summary>Starts the tool and returns at once; finish with <see cref="WaitAsync"/>.</summary>
    public Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "MEDIAGRPC_SERVER", "MEDIAGRPC_API_KEY" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["MEDIAGRPC_STATE_DIR"] = StateFolder;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the tool.");
    }

    public static async Task<CliRun> WaitAsync(Process process, TimeSpan timeout)
    {
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The tool did not finish within {timeout}.\nstdout: {await stdout}\nstderr: {await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
