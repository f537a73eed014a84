using System.CommandLine;
using MediaGrpc.Cli.Errors;
using MediaGrpc.Cli.Output;

namespace MediaGrpc.Cli.Commands;

/// <summary><c>info MEDIA_ID</c>: the media record (name, size, type, SHA-256, TTL, etag).</summary>
internal static class InfoCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var mediaId = new Argument<string>("MEDIA_ID") { Description = "The media." };
        var command = new Command("info", "Show a media's record.") { mediaId };
        CommandExecution.SetBody(command, globals, async (parse, context, cancellationToken) =>
        {
            var media = await context.Connection.CreateClient().GetMediaAsync(parse.GetValue(mediaId)!, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(media);
            }
            else
            {
                foreach (var line in MediaText.Lines(media))
                {
                    context.Output.WriteLine(line);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
