using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// The tool as it ships: <c>dotnet pack</c> makes a .NET tool package, <c>dotnet tool install</c>
/// installs it from that folder, and the installed <c>mediagrpc</c> runs.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private readonly string _folder = TestFiles.NewFolder("pack");

    public void Dispose() => TestFiles.Delete(_folder);

    [Fact(Timeout = 300_000)]
    public async Task Packed_tool_installs_and_the_installed_mediagrpc_runs()
    {
        var configuration = BuildOutput.Configuration;
        var packages = Path.Combine(_folder, "packages");
        var tools = Path.Combine(_folder, "tools");
        var project = Path.Combine(RepositoryPaths.Root, "src", "MediaGrpc.Cli", "MediaGrpc.Cli.csproj");

        // --no-build: the tool was built with these tests, in the same configuration.
        var pack = await CommandRunner.RunAsync("dotnet", ["pack", project, "-c", configuration, "--no-build", "-o", packages], TimeSpan.FromMinutes(2));
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var package = Assert.Single(Directory.GetFiles(packages, "MediaGrpc.Cli.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["MediaGrpc.Cli.".Length..];

        var install = await CommandRunner.RunAsync(
            "dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "--version", version, "MediaGrpc.Cli"], TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.ToString());

        var help = await CommandRunner.RunAsync(Path.Combine(tools, "mediagrpc"), ["--help"], TimeSpan.FromMinutes(1));
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("mediagrpc [command]", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("transfers", help.StandardOutput, StringComparison.Ordinal);
    }
}
