namespace MediaGrpc.Storage.Internal;

/// <summary>
/// File writes that are on disk before they become visible: write a unique temp file beside
/// the target, flush it to the device (fsync), then rename it over the target. A rename on one
/// volume is atomic, so a reader sees the old file or the new one, never a torn write.
/// </summary>
/// <remarks>
/// The directory entry itself is not fsynced (.NET cannot open a directory handle); journaling
/// file systems order the rename after the data it points to.
/// </remarks>
internal static class DurableFile
{
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = TempPathFor(path);
        try
        {
            await using (var stream = CreateNew(temp, content.Length))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (IOException exception) when (DiskFull.Is(exception, path, content.Length))
        {
            TryDelete(temp);
            throw DiskFull.Exception(exception);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The whole content of a small file, or null when it (or its folder) does not exist.</summary>
    public static async Task<byte[]?> TryReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Creates a new file for one sequential write, unbuffered (callers write large chunks).</summary>
    public static FileStream CreateNew(string path, long preallocationSize) => new(path, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        Options = FileOptions.Asynchronous,
        BufferSize = 0,
        PreallocationSize = preallocationSize,
    });

    /// <summary>Opens a file for reading while allowing it to be replaced or deleted meanwhile.</summary>
    public static FileStream OpenRead(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read | FileShare.Delete,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        BufferSize = 0,
    });

    /// <summary>A unique temp name beside <paramref name="path"/>; '~' never occurs in blob names.</summary>
    public static string TempPathFor(string path) => path + "~" + Guid.NewGuid().ToString("N") + ".tmp";

    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
