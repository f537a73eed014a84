using System.CommandLine;
using System.Text.Json.Nodes;
using MediaGrpc.Cli.Errors;

namespace MediaGrpc.Cli.Commands;

/// <summary><c>abort UPLOAD_ID</c>: discards an unfinished upload and its staged bytes.</summary>
internal static class AbortCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var uploadId = new Argument<string>("UPLOAD_ID") { Description = "The upload to discard." };
        var command = new Command("abort", "Discard an unfinished upload and the bytes the server staged for it.") { uploadId };
        CommandExecution.SetBody(command, globals, async (parse, context, cancellationToken) =>
        {
            var id = parse.GetValue(uploadId)!;
            await context.Connection.CreateClient().AbortUploadAsync(id, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new JsonObject { ["uploadId"] = id, ["aborted"] = true });
            }
            else
            {
                context.Output.Note($"Aborted upload {id}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
