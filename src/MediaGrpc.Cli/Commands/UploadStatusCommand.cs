using System.CommandLine;
using MediaGrpc.Cli.Errors;
using MediaGrpc.Cli.Output;

namespace MediaGrpc.Cli.Commands;

/// <summary><c>status UPLOAD_ID</c>: an upload's persisted offset, and its media once complete.</summary>
internal static class UploadStatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var uploadId = new Argument<string>("UPLOAD_ID") { Description = "The upload." };
        var command = new Command("status", "Show an upload's persisted offset (the bytes the server holds durably), and its media once complete.") { uploadId };
        CommandExecution.SetBody(command, globals, async (parse, context, cancellationToken) =>
        {
            var status = await context.Connection.CreateClient().GetUploadStatusAsync(parse.GetValue(uploadId)!, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(status);
                return ExitCodes.Success;
            }

            context.Output.WriteLine($"upload_id:        {status.UploadId}");
            context.Output.WriteLine($"persisted_offset: {status.PersistedOffset} ({ByteSize.Format(status.PersistedOffset)})");
            context.Output.WriteLine($"complete:         {(status.Complete ? "yes" : "no")}");
            context.Output.WriteLine($"expires:          {MediaText.Time(status.ExpireTime)}");
            if (status.Media is { } media)
            {
                context.Output.WriteLine($"media_id:         {media.MediaId}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
