using System.CommandLine;
using System.Text.Json.Nodes;
using MediaGrpc.Cli.Errors;
using MediaGrpc.Cli.Output;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Cli.Commands;

/// <summary>
/// <c>download MEDIA_ID [-o FILE|-]</c>. A whole media to a file goes through the SDK's
/// file downloader: <c>FILE.part</c> resumes after any interruption, and the SHA-256 is
/// verified before the rename. To stdout, the bytes stream as they arrive and their
/// SHA-256 is checked at the end. A range (--offset, --length) is written as it arrives.
/// </summary>
internal static class DownloadCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var mediaId = new Argument<string>("MEDIA_ID") { Description = "The media to download." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write it: a file, or - for stdout (default: the media's display name)." };
        var offset = new Option<long>("--offset") { Description = "First byte to download (default 0)." };
        var length = new Option<long?>("--length") { Description = "Most bytes to download (default: to the end)." };
        offset.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0)
            {
                result.AddError("--offset must not be negative.");
            }
        });
        length.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is <= 0)
            {
                result.AddError("--length must be positive.");
            }
        });

        var command = new Command("download", "Download a media; an interrupted download to a file resumes from FILE.part when run again.")
        {
            mediaId, output, offset, length,
        };
        CommandExecution.SetBody(command, globals, (parse, context, cancellationToken) => RunAsync(
            context, parse.GetValue(mediaId)!, parse.GetValue(output), parse.GetValue(offset), parse.GetValue(length), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string mediaId, string? output, long offset, long? length, CancellationToken cancellationToken)
    {
        var client = context.Connection.CreateClient();
        var toStdout = output == "-";
        if (toStdout && context.Output.Json)
        {
            throw new CliException(ExitCodes.InvalidArgument, "--json prints on stdout: download to a file (-o FILE) with --json.");
        }

        var path = output;
        if (path is null)
        {
            var media = await client.GetMediaAsync(mediaId, cancellationToken);
            path = DefaultFileName(media);
            if (File.Exists(path) && !File.Exists(path + ".part"))
            {
                throw new CliException(ExitCodes.AlreadyExists, $"'{path}' exists; choose where to write with -o FILE.");
            }
        }

        var progress = new ProgressSource();
        var display = new ProgressDisplay(context.Output);
        var ranged = offset > 0 || length is not null;
        if (!toStdout && !ranged)
        {
            var downloader = client.CreateDownloader();
            var options = new MediaDownloadOptions
            {
                Progress = new Progress(progress),
                OnHeader = header => progress.Total = header.Media.Size,
            };
            var downloaded = await display.RunAsync("download " + Path.GetFileName(path), progress, async () =>
            {
                using var task = downloader.DownloadToFile(mediaId, path, options, cancellationToken);
                return await task.Completion;
            });
            return Print(context, downloaded.Header, downloaded.FilePath!, downloaded.Header.Media.Size, downloaded.ResumedFrom, verified: true);
        }

        await using var destination = toStdout
            ? Console.OpenStandardOutput()
            : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var sink = new DownloadSink(destination, length, limit);
        DownloadHeader? received = null;
        var result = await display.RunAsync(
            "download " + mediaId,
            progress,
            async () =>
            {
                try
                {
                    return await client.DownloadAsync(
                        mediaId,
                        sink,
                        offset,
                        header =>
                        {
                            received = header;
                            progress.Total = length is { } most ? Math.Min(most, header.Length) : header.Length;
                        },
                        progress,
                        limit.Token);
                }
                catch (Exception) when (sink.LimitReached && !cancellationToken.IsCancellationRequested && received is not null)
                {
                    // --length: the SDK takes no read limit, so the stream is cut once the range is written.
                    return new DownloadResult(received, sink.Written);
                }
            },
            allowBar: !toStdout);
        await sink.FlushAsync(cancellationToken);

        // The SDK checked a whole media against its SHA-256 (DATA_LOSS otherwise); a range has none.
        var verified = !ranged && !result.Header.Sha256.IsEmpty;

        return Print(context, result.Header, toStdout ? "-" : Path.GetFullPath(path), sink.Written, 0, verified);
    }

    private static string DefaultFileName(MediaRecord media)
    {
        var name = Path.GetFileName(media.DisplayName);
        return string.IsNullOrWhiteSpace(name) || name is "." or ".." ? media.MediaId : name;
    }

    private static int Print(CliContext context, DownloadHeader header, string path, long bytes, long resumedFrom, bool verified)
    {
        if (context.Output.Json)
        {
            context.Output.WriteJson(new JsonObject
            {
                ["mediaId"] = header.Media.MediaId,
                ["path"] = path,
                ["offset"] = header.Offset,
                ["bytes"] = bytes,
                ["resumedFrom"] = resumedFrom,
                ["sha256Verified"] = verified,
                ["media"] = CliOutput.ToJson(header.Media),
            });
            return ExitCodes.Success;
        }

        var check = verified ? ", SHA-256 verified" : string.Empty;
        var resumed = resumedFrom > 0 ? $", resumed at {ByteSize.Format(resumedFrom)}" : string.Empty;
        context.Output.Note($"Downloaded {ByteSize.Format(bytes)} to {path}{check}{resumed}.");
        return ExitCodes.Success;
    }

    /// <summary>Adapts the downloader's progress to the display's source.</summary>
    private sealed class Progress(ProgressSource source) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            source.Total = value.TotalBytes;
            source.Report(value.BytesReceived);
        }
    }
}
