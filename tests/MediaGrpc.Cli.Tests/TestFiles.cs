using System.Security.Cryptography;

namespace MediaGrpc.Cli.Tests;

/// <summary>Throwaway folders and deterministic files for the tool to work on.</summary>
internal static class TestFiles
{
    /// <summary>Default per-test timeout: a hang fails fast instead of stalling the suite.</summary>
    public const int Timeout = 120_000;

    public static string NewFolder(string purpose) => Directory.CreateTempSubdirectory($"mediagrpc-cli-{purpose}-").FullName;

    /// <summary>A file of <paramref name="size"/> pseudo-random bytes, the same for the same seed.</summary>
    public static string Create(string folder, string name, int size, int seed = 1)
    {
        var path = Path.Combine(folder, name);
        var random = new Random(seed);
        var buffer = new byte[1024 * 1024];
        using var file = File.Create(path);
        for (var left = size; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, Math.Min(left, buffer.Length));
        }

        return path;
    }

    public static string Sha256Hex(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A process that was killed may still hold a file for a moment; the OS temp cleanup takes it.
        }
    }
}
