namespace MediaGrpc.Testing;

/// <summary>
/// A size-limited folder: a tmpfs of a few MiB mounted on a temp directory, so a test can fill
/// a store's disk without filling the machine's. Needs Linux and root (CI runs as root; use
/// <see cref="RootOnLinuxFactAttribute"/>); unmounted and removed on dispose.
/// </summary>
public sealed class SmallVolume : IAsyncDisposable
{
    private SmallVolume(string path) => Path = path;

    public string Path { get; }

    public static async Task<SmallVolume> MountAsync(int megabytes)
    {
        var path = Directory.CreateTempSubdirectory("mediagrpc-volume-").FullName;
        var mounted = await CommandRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path], TimeSpan.FromSeconds(10));
        if (mounted.ExitCode != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"Could not mount a {megabytes} MiB tmpfs on {path} (root on Linux is required): {mounted}");
        }

        return new SmallVolume(path);
    }

    public async ValueTask DisposeAsync()
    {
        await CommandRunner.RunAsync("umount", ["-l", Path], TimeSpan.FromSeconds(10));
        Directory.Delete(Path, recursive: true);
    }
}
