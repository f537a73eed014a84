using MediaGrpc.Testing;

namespace MediaGrpc.Deployment.Tests;

/// <summary>Where the server is: its build output beside these tests, and its project.</summary>
internal static class ServerBinaries
{
    /// <summary>MediaGrpc.Server.dll copied into this test project's output by the project reference.</summary>
    public static string BuiltDll => Path.Combine(AppContext.BaseDirectory, "MediaGrpc.Server.dll");

    public static string Project => Path.Combine(RepositoryPaths.Root, "src", "MediaGrpc.Server", "MediaGrpc.Server.csproj");

    public static Uri Loopback(int port) => new($"http://127.0.0.1:{port}");
}
