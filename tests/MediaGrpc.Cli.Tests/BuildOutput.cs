using System.Reflection;
using MediaGrpc.Testing;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// Where the tool was built with these tests: its own output folder, which holds every
/// assembly it needs (the tests' folder lacks those the ASP.NET Core framework provides to
/// the server but not to the tool).
/// </summary>
internal static class BuildOutput
{
    /// <summary>Debug or Release, as these tests were built.</summary>
    public static string Configuration { get; } = typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "Configuration").Value!;

    /// <summary>The built tool, run as <c>dotnet MediaGrpc.Cli.dll</c>.</summary>
    public static string ToolPath { get; } = Path.Combine(
        RepositoryPaths.Root, "src", "MediaGrpc.Cli", "bin", Configuration,
        Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)), "MediaGrpc.Cli.dll");
}
