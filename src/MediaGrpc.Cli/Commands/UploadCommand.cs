using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MediaGrpc.Cli.Errors;
using MediaGrpc.Cli.Output;
using MediaGrpc.Cli.Uploads;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Cli.Commands;

/// <summary>
/// <c>upload FILE|-</c>: uploads a file (or stdin) and prints the media ID. The SDK
/// retries and resumes after failures; an interrupted run resumes when the same command
/// runs again, through the idempotency key made from <see cref="UploadFingerprint"/>.
/// </summary>
internal static class UploadCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var file = new Argument<string>("FILE") { Description = "The file to upload, or - for stdin (not resumable)." };
        var name = new Option<string?>("--name") { Description = "Display name (default: the file's name)." };
        var contentType = new Option<string?>("--content-type") { Description = "Declared content type; the server also sniffs the bytes." };
        var ttl = new Option<string?>("--ttl") { Description = "TTL class, e.g. 1d, 7d, 30d (default: the server's first class)." };
        var key = new Option<string?>("--idempotency-key")
        {
            Description = "Idempotency key of the start (default: one made from the server, path, size and mtime, so the same command resumes).",
        };
        var uploadId = new Option<string?>("--upload-id") { Description = "Resume this upload of FILE from its persisted offset." };
        var attempts = new Option<int>("--attempts")
        {
            Description = "Attempts before a retryable failure (UNAVAILABLE, ABORTED, ...) ends the command; each resumes from the persisted offset.",
            DefaultValueFactory = _ => 12,
        };
        attempts.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--attempts must be at least 1.");
            }
        });

        var command = new Command("upload", "Upload a file and print its media ID. Run the same command again to resume an interrupted upload.")
        {
            file, name, contentType, ttl, key, uploadId, attempts,
        };
        CommandExecution.SetBody(command, globals, (parse, context, cancellationToken) => RunAsync(
            context,
            new Request(parse.GetValue(file)!, parse.GetValue(name), parse.GetValue(contentType), parse.GetValue(ttl), parse.GetValue(key), parse.GetValue(uploadId), parse.GetValue(attempts)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, Request request, CancellationToken cancellationToken)
    {
        var spec = new MediaSpec
        {
            DisplayName = request.Name ?? string.Empty,
            ContentType = request.ContentType ?? string.Empty,
            TtlClass = request.Ttl ?? string.Empty,
        };
        var progress = new ProgressSource();
        string? acceptedId = request.UploadId;
        var options = new MediaGrpcClientOptions { MaxUploadAttempts = request.Attempts };

        if (request.File == "-")
        {
            spec.DisplayName = request.Name ?? "stdin";
            options.UploadAccepted = id => acceptedId = id;
            var client = context.Connection.CreateClient(options);
            await using var stdin = Console.OpenStandardInput();
            var result = await RunWithDisplayAsync(
                context,
                "upload stdin",
                progress,
                () => request.UploadId is { } id
                    ? client.ResumeUploadAsync(id, stdin, progress, cancellationToken)
                    : client.UploadAsync(stdin, spec, request.IdempotencyKey, progress, cancellationToken),
                () => acceptedId,
                resumeHint: null,
                cancellationToken);
            return Print(context, result, progress);
        }

        var info = new FileInfo(request.File);
        if (!info.Exists)
        {
            throw new CliException(ExitCodes.NotFound, $"file '{request.File}' does not exist.");
        }

        progress.Total = info.Length;
        var server = context.Settings.DisplayAddress;
        var fingerprint = UploadFingerprint.Compute(server, info.FullName, info.Length, info.LastWriteTimeUtc, request.Name, request.ContentType, request.Ttl);
        var idempotencyKey = request.IdempotencyKey ?? UploadFingerprint.IdempotencyKey(fingerprint);
        var state = UploadStateStore.FromEnvironment();
        options.UploadAccepted = id =>
        {
            acceptedId = id;
            state.Save(new PendingUpload(fingerprint, server, info.FullName, info.Length, info.LastWriteTimeUtc, idempotencyKey, id, DateTimeOffset.UtcNow));
        };
        var uploader = context.Connection.CreateClient(options);
        var resumeHint = $"run the same command again to resume, or: mediagrpc upload {Quote(request.File)} --upload-id ";

        var uploaded = await RunWithDisplayAsync(
            context,
            "upload " + info.Name,
            progress,
            async () =>
            {
                if (request.UploadId is { } id)
                {
                    await using var content = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    return await uploader.ResumeUploadAsync(id, content, progress, cancellationToken);
                }

                return await uploader.UploadFileAsync(info.FullName, spec, idempotencyKey, progress, cancellationToken);
            },
            () => acceptedId,
            resumeHint,
            cancellationToken);
        state.Remove(fingerprint);
        return Print(context, uploaded, progress);
    }

    /// <summary>
    /// Runs the upload under the progress display. When it fails in a way the same command
    /// can continue (interrupted, server gone), the message says where it stopped and how to resume.
    /// </summary>
    private static async Task<UploadResult> RunWithDisplayAsync(
        CliContext context,
        string description,
        ProgressSource progress,
        Func<Task<UploadResult>> upload,
        Func<string?> uploadId,
        string? resumeHint,
        CancellationToken cancellationToken)
    {
        try
        {
            return await new ProgressDisplay(context.Output).RunAsync(description, progress, upload);
        }
        catch (Exception e) when (uploadId() is { } id && resumeHint is not null)
        {
            var failure = CliFailures.Describe(e, cancellationToken.IsCancellationRequested);
            if (!ExitCodes.IsResumable(failure.ExitCode))
            {
                throw;
            }

            var persisted = Math.Max(0, progress.Done);
            var where = progress.Total > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{persisted} of {progress.Total} bytes persisted")
                : string.Create(CultureInfo.InvariantCulture, $"{persisted} bytes persisted");
            throw new CliException(failure.ExitCode, $"{failure.Message}; upload {id} stopped with {where}; {resumeHint}{id}");
        }
    }

    private static int Print(CliContext context, UploadResult result, ProgressSource progress)
    {
        var media = result.Media;
        var resumedFrom = Math.Max(0, progress.First);
        if (context.Output.Json)
        {
            context.Output.WriteJson(new JsonObject
            {
                ["mediaId"] = media.MediaId,
                ["uploadId"] = result.UploadId,
                ["resumedFrom"] = resumedFrom,
                ["media"] = CliOutput.ToJson(media),
            });
            return ExitCodes.Success;
        }

        context.Output.WriteLine(media.MediaId);
        var resumed = resumedFrom > 0 ? $", resumed at {ByteSize.Format(resumedFrom)}" : string.Empty;
        context.Output.Note($"Uploaded {TerminalText.Safe(media.DisplayName)} ({ByteSize.Format(media.Size)}, {media.ContentType}{resumed}), expires {MediaText.Time(media.ExpireTime)}.");
        return ExitCodes.Success;
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) || path.Contains('\'', StringComparison.Ordinal)
        ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
        : path;

    private sealed record Request(string File, string? Name, string? ContentType, string? Ttl, string? IdempotencyKey, string? UploadId, int Attempts);
}
