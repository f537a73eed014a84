using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaGrpc.Cli.Errors;
using MediaGrpc.Cli.Output;
using MediaGrpc.Cli.Uploads;

namespace MediaGrpc.Cli.Commands;

/// <summary><c>uploads</c>: the unfinished uploads this tool remembers in its state folder, to resume or abort.</summary>
internal static class UploadsCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("uploads", "List the unfinished uploads remembered in the state folder (resume one by running its upload command again).");
        CommandExecution.SetBody(command, globals, (parse, context, cancellationToken) =>
        {
            var store = UploadStateStore.FromEnvironment();
            var uploads = store.List();
            if (context.Output.Json)
            {
                context.Output.WriteJson(new JsonObject
                {
                    ["stateFolder"] = store.Folder,
                    ["uploads"] = JsonSerializer.SerializeToNode(uploads, s_json),
                });
                return Task.FromResult(ExitCodes.Success);
            }

            foreach (var upload in uploads)
            {
                context.Output.WriteLine($"{upload.UploadId ?? "-"}  {ByteSize.Format(upload.Size),10}  {upload.Server}  {upload.Path}");
            }

            context.Output.Note($"{uploads.Count} unfinished upload(s) in {store.Folder}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
