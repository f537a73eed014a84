using Xunit;

namespace MediaGrpc.Testing;

/// <summary>
/// A fact that needs root on Linux (to mount a small tmpfs, <see cref="SmallVolume"/>): skipped,
/// with that reason, elsewhere. The test command runs as root in CI and in the dev sandbox.
/// </summary>
public sealed class RootOnLinuxFactAttribute : FactAttribute
{
    public RootOnLinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root on Linux to mount a size-limited tmpfs (docs/security.md, full-disk row).";
        }
    }
}
