using System.Globalization;

namespace MediaGrpc.Bench.Upload;

/// <summary>
/// Command-line settings: <c>--size-mib 256 --runs 3 --memory-upload-mib 32 --only local,memory</c>.
/// <c>--only</c> takes a comma-separated list of measurement groups (<see cref="Groups"/>);
/// without it every group runs.
/// </summary>
internal sealed record BenchOptions(int SizeMiB, int Runs, int MemoryUploadMiB, int[] Concurrency, IReadOnlySet<string> Only)
{
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>Into Azurite: the SDK's StageBlock straight in, and through the service.</summary>
    public const string Azure = "azure";

    /// <summary>Onto local disk: plain file copy, through the service, and tus-node-server.</summary>
    public const string Local = "local";

    /// <summary>Peak server memory per concurrent upload.</summary>
    public const string Memory = "memory";

    public static IReadOnlyList<string> Groups { get; } = [Azure, Local, Memory];

    public bool Includes(string group) => Only.Contains(group);

    public static BenchOptions Parse(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Read(string name, int fallback) => Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var only = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in (Text("only") ?? string.Join(',', Groups)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Groups.Contains(group))
            {
                throw new ArgumentException($"Unknown measurement group '{group}' for --only; known: {string.Join(", ", Groups)}.");
            }

            only.Add(group);
        }

        return new BenchOptions(Read("size-mib", 256), Read("runs", 3), Read("memory-upload-mib", 32), [1, 8, 32], only);
    }
}
