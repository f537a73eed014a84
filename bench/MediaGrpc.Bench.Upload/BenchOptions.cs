using System.Globalization;

namespace MediaGrpc.Bench.Upload;

/// <summary>Command-line settings: <c>--size-mib 256 --runs 3 --memory-upload-mib 32</c>.</summary>
internal sealed record BenchOptions(int SizeMiB, int Runs, int MemoryUploadMiB, int[] Concurrency)
{
    public const int BlockSize = 4 * 1024 * 1024;

    public static BenchOptions Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new BenchOptions(Read("size-mib", 256), Read("runs", 3), Read("memory-upload-mib", 32), [1, 8, 32]);
    }
}
