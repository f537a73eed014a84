using System.CommandLine;
using System.Text.Json.Nodes;
using MediaGrpc.Cli.Errors;

namespace MediaGrpc.Cli.Commands;

/// <summary><c>rm MEDIA_ID</c>: deletes a media the caller owns.</summary>
internal static class RemoveCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var mediaId = new Argument<string>("MEDIA_ID") { Description = "The media to delete." };
        var command = new Command("rm", "Delete a media you own.") { mediaId };
        CommandExecution.SetBody(command, globals, async (parse, context, cancellationToken) =>
        {
            var id = parse.GetValue(mediaId)!;
            await context.Connection.CreateClient().DeleteMediaAsync(id, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new JsonObject { ["mediaId"] = id, ["deleted"] = true });
            }
            else
            {
                context.Output.Note($"Deleted {id}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
