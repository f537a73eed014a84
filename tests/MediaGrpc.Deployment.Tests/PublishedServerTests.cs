using System.Diagnostics;
using System.Text;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// What goes into the image: <c>dotnet publish -c Release</c> of the server starts from
/// its output folder alone and answers health, as the chart's probes will ask it. (The
/// image itself needs a container registry, which this machine cannot reach.)
/// </summary>
[Collection(ServerBuilds.Name)]
public sealed class PublishedServerTests
{
    [Fact(Timeout = 600_000)]
    public async Task Published_output_starts_and_answers_health_serving()
    {
        var output = Directory.CreateTempSubdirectory("mediagrpc-publish-").FullName;
        try
        {
            var publish = await DotnetAsync(
                ["publish", ServerBinaries.Project, "-c", "Release", "-o", output], TimeSpan.FromMinutes(8));
            Assert.True(publish.ExitCode == 0, publish.ToString());

            var address = ServerBinaries.Loopback(FreePort.Next());
            await using var server = ServerProcessRun.Start(Path.Combine(output, "MediaGrpc.Server.dll"), ["--urls", address.ToString()]);
            using var deadline = TestDeadline.Start();
            await server.WaitUntilServingAsync(address, deadline.Token);

            var check = await BufCurl.HealthCheckAsync(address, deadline.Token);
            Assert.True(check.ExitCode == 0, check.ToString());
            Assert.Contains("\"status\": \"SERVING\"", check.StandardOutput, StringComparison.Ordinal);

            // A pod's end: SIGTERM, a drain, and a clean exit (code 0) well before the grace period.
            var terminate = await server.TerminateAsync(deadline.Token);
            Assert.True(terminate.ExitCode == 0, terminate.ToString());
            using var exitLimit = TestDeadline.Start(TimeSpan.FromSeconds(30));
            Assert.Equal(0, await server.WaitForExitAsync(exitLimit.Token));
            Assert.Contains(server.Output, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task Image_settings_are_a_chiseled_non_root_runtime_on_the_charts_port_and_version()
    {
        var result = await DotnetAsync(
            ["build", ServerBinaries.Project, "-c", "Release", "-t:ComputeContainerConfig",
             "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser",
             "-getProperty:ContainerRepository", "-getProperty:ContainerImageTag", "-getItem:ContainerPort"],
            TimeSpan.FromMinutes(4));
        Assert.True(result.ExitCode == 0, result.ToString());

        using var json = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var properties = json.RootElement.GetProperty("Properties");
        Assert.EndsWith("/dotnet/aspnet:10.0-noble-chiseled", properties.GetProperty("ContainerBaseImage").GetString(), StringComparison.Ordinal);
        Assert.Equal("app", properties.GetProperty("ContainerUser").GetString());
        var chart = ChartFiles.LoadYaml(ChartFiles.ChartYaml);
        var values = ChartFiles.LoadYaml(ChartFiles.ValuesYaml);
        Assert.Equal(values["image"]!["repository"]!.GetValue<string>(), properties.GetProperty("ContainerRepository").GetString());
        Assert.Equal(chart["appVersion"]!.GetValue<string>(), properties.GetProperty("ContainerImageTag").GetString());
        var port = Assert.Single(json.RootElement.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray());
        Assert.Equal(values["port"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), port.GetProperty("Identity").GetString());
    }

    /// <summary>
    /// Runs the .NET CLI as a developer would. MSBuild variables of the test run are dropped
    /// and no build server or node outlives the command.
    /// </summary>
    private static async Task<CommandResult> DotnetAsync(string[] arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("-nodeReuse:false");
        start.ArgumentList.Add("-p:UseSharedCompilation=false");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (stdout) { stdout.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {limit}.\n{stdout}\n{stderr}");
        }

        process.WaitForExit();
        return new CommandResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
