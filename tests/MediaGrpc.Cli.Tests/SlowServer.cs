using MediaGrpc.Testing;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// A server process whose uploads take seconds, so a test can interrupt one midway: it
/// stages (and flushes) 16 KiB blocks and accepts 16 KiB chunks, and the file is large.
/// No throttle in the tool itself.
/// </summary>
internal static class SlowServer
{
    /// <summary>Big enough that an upload to <see cref="StartAsync"/>'s server runs for several seconds.</summary>
    public const int FileSize = 96 * 1024 * 1024;

    public static Task<ServerProcess> StartAsync(string workingDirectory) => ServerProcess.StartAsync(
        FreePort.Next(),
        workingDirectory,
        ServerProcess.ArgumentsFor(new Dictionary<string, string?>
        {
            ["Media:BlockSize"] = "16384",
            ["Media:MaxChunkSize"] = "16384",
        }));
}
