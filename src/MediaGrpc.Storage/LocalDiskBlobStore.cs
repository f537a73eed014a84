using System.Runtime.CompilerServices;
using System.Text.Json;
using MediaGrpc.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage;

/// <summary>
/// An <see cref="IBlobStore"/> on the local file system: the embedded default, and the store
/// tests run against without any server.
/// </summary>
/// <remarks>
/// Every staged block and every committed version is written to a temp file, flushed to the
/// device and only then renamed into place (<c>Internal/DurableFile</c>); the sidecar file that
/// names the committed version is replaced last and is the commit point. The on-disk layout is
/// described in <c>Internal/LocalDiskLayout</c>.
/// </remarks>
public sealed partial class LocalDiskBlobStore : IBlobStore
{
    // A reader may find the sidecar naming a data file that a concurrent commit just removed;
    // reading the sidecar again finds the new version.
    private const int ReadAttempts = 3;

    private readonly LocalDiskLayout _layout;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public LocalDiskBlobStore(
        IOptions<LocalDiskBlobStoreOptions> options,
        ILogger<LocalDiskBlobStore>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rootPath = options.Value.RootPath;
        if (string.IsNullOrWhiteSpace(rootPath))
        {
            throw new ArgumentException("LocalDiskBlobStoreOptions.RootPath is required.", nameof(options));
        }

        _layout = new LocalDiskLayout(rootPath);
        _logger = logger ?? NullLogger<LocalDiskBlobStore>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_layout.Root);
        LocalDiskBlobStoreLog.Opened(_logger, _layout.Root);
    }

    /// <summary>The absolute folder the store lives in.</summary>
    public string RootPath => _layout.Root;

    /// <inheritdoc />
    public async Task StageBlockAsync(string blobName, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        StagedBlockRules.ValidateStage(offset, data);
        Directory.CreateDirectory(paths.Staging);
        await DurableFile.WriteAsync(paths.Block(offset), data, cancellationToken);
        LocalDiskBlobStoreLog.BlockStaged(_logger, blobName, offset, data.Length);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StagedBlock>> GetStagedBlocksAsync(string blobName, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<StagedBlock>>(ReadStagedBlocks(paths));
    }

    /// <inheritdoc />
    public async Task<BlobProperties?> GetPropertiesAsync(string blobName, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        var sidecar = await ReadSidecarAsync(paths, cancellationToken);
        return sidecar?.ToProperties(blobName);
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string blobName, long offset, long? length, CancellationToken cancellationToken)
        => OpenReadAsync(blobName, offset, length, ifMatch: null, cancellationToken);

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string blobName, long offset, long? length, string? ifMatch, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        StagedBlockRules.ValidateRead(offset, length);
        for (var attempt = 1; ; attempt++)
        {
            var sidecar = await ReadSidecarAsync(paths, cancellationToken) ?? throw (ifMatch is null
                ? BlobNotFoundException.ForBlob(blobName)
                : StagedBlockRules.ConditionNotMet(blobName, ifMatch));

            // The data file is named after the version's ETag, so the file opened below is that version.
            if (ifMatch is not null && !string.Equals(ifMatch, sidecar.ETag, StringComparison.Ordinal))
            {
                throw StagedBlockRules.ConditionNotMet(blobName, ifMatch);
            }

            if (offset > sidecar.Length)
            {
                throw StagedBlockRules.InvalidRange(blobName, offset, sidecar.Length);
            }

            FileStream stream;
            try
            {
                stream = DurableFile.OpenRead(Path.Combine(paths.Directory, sidecar.DataFile));
            }
            catch (FileNotFoundException) when (attempt < ReadAttempts)
            {
                continue;
            }

            var count = Math.Min(length ?? long.MaxValue, sidecar.Length - offset);
            stream.Seek(offset, SeekOrigin.Begin);
            return new ReadRangeStream(stream, count);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken)
    {
        var paths = _layout.For(blobName);
        cancellationToken.ThrowIfCancellationRequested();

        // Unpublish first so readers stop finding the blob, then remove what it pointed to.
        var existed = File.Exists(paths.Sidecar);
        if (existed)
        {
            File.Delete(paths.Sidecar);
        }

        if (Directory.Exists(paths.Directory))
        {
            foreach (var dataFile in Directory.EnumerateFiles(paths.Directory, paths.DataFilePattern))
            {
                File.Delete(dataFile);
                existed = true;
            }
        }

        if (Directory.Exists(paths.Staging))
        {
            Directory.Delete(paths.Staging, recursive: true);
            existed = true;
        }

        if (existed)
        {
            LocalDiskBlobStoreLog.Deleted(_logger, blobName);
        }

        return Task.FromResult(existed);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobName.ValidatePrefix(prefix);
        return ListCoreAsync(prefix, cancellationToken);
    }

    private async IAsyncEnumerable<BlobProperties> ListCoreAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Start at the deepest folder the prefix names in full rather than walking the whole store.
        var lastSlash = prefix.LastIndexOf('/');
        var start = lastSlash < 0
            ? _layout.Root
            : Path.Combine(_layout.Root, prefix[..lastSlash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var files = Directory.EnumerateFiles(start, LocalDiskLayout.SidecarSearchPattern, SearchOption.AllDirectories);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var blobName = _layout.BlobNameOfSidecar(file);
            if (blobName is null || !blobName.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var sidecar = await ReadSidecarAsync(_layout.For(blobName), cancellationToken);
            if (sidecar is not null)
            {
                yield return sidecar.ToProperties(blobName);
            }
        }
    }

    private static List<StagedBlock> ReadStagedBlocks(LocalDiskLayout.BlobPaths paths)
    {
        var blocks = new List<StagedBlock>();
        var staging = new DirectoryInfo(paths.Staging);
        if (!staging.Exists)
        {
            return blocks;
        }

        try
        {
            foreach (var file in staging.EnumerateFiles())
            {
                if (LocalDiskLayout.TryParseBlockFileName(file.Name, out var offset))
                {
                    blocks.Add(new StagedBlock(offset, file.Length));
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted or committed meanwhile: nothing is staged any more.
            blocks.Clear();
        }

        blocks.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        return blocks;
    }

    private static async Task<LocalBlobSidecar?> ReadSidecarAsync(LocalDiskLayout.BlobPaths paths, CancellationToken cancellationToken)
    {
        byte[] json;
        try
        {
            json = await File.ReadAllBytesAsync(paths.Sidecar, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, LocalBlobSidecarJsonContext.Default.LocalBlobSidecar)
                ?? throw new JsonException("The sidecar is empty.");
        }
        catch (JsonException exception)
        {
            throw new BlobStoreException($"The sidecar of a local blob is corrupt: {paths.Sidecar}", exception);
        }
    }
}
