using System.Net;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// Tells a write that failed for lack of space (or quota) from other I/O failures, so the
/// local store reports it as <see cref="BlobErrorCodes.InsufficientStorage"/> instead of an
/// unexplained server fault. Nothing was acknowledged for the failed write: the temp file it
/// went to is removed, and the persisted offset stays where it was.
/// </summary>
internal static class DiskFull
{
    // errno values .NET puts in IOException.HResult on Unix, and Win32 errors on Windows.
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int ErrorHandleDiskFull = 0x27;
    private const int ErrorDiskFull = 0x70;

    /// <summary>
    /// True when <paramref name="exception"/> means the volume under <paramref name="path"/>
    /// is full. Preallocation failures carry no errno, so the volume's free space decides then.
    /// </summary>
    public static bool Is(IOException exception, string path, long bytesWanted)
    {
        var code = exception.HResult & 0xFFFF;
        if (exception.HResult is Enospc or Edquot || code is ErrorHandleDiskFull or ErrorDiskFull)
        {
            return true;
        }

        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? path;
            return new DriveInfo(folder).AvailableFreeSpace < bytesWanted;
        }
        catch (Exception probe) when (probe is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static BlobStoreException Exception(IOException cause) => new(
        "The local blob store's volume is full.",
        HttpStatusCode.InsufficientStorage,
        BlobErrorCodes.InsufficientStorage,
        cause);
}
