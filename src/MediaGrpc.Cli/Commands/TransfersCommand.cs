using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MediaGrpc.Cli.Errors;
using MediaGrpc.Cli.Output;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Cli.Commands;

/// <summary>
/// <c>transfers ls|get|watch|cancel|pause|resume</c>: the caller's running uploads and
/// downloads, from any replica, by transfer ID.
/// </summary>
internal static class TransfersCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("transfers", "List, watch and control your running uploads and downloads.");
        command.Subcommands.Add(CreateList(globals));
        command.Subcommands.Add(CreateControl(globals, "get", "Show one transfer.", (c, id, ct) => c.GetTransferAsync(id, ct)));
        command.Subcommands.Add(CreateWatch(globals));
        command.Subcommands.Add(CreateControl(globals, "cancel", "Cancel a transfer; an upload's persisted bytes stay resumable.", (c, id, ct) => c.CancelTransferAsync(id, ct)));
        command.Subcommands.Add(CreateControl(globals, "pause", "Pause a download.", (c, id, ct) => c.PauseTransferAsync(id, ct)));
        command.Subcommands.Add(CreateControl(globals, "resume", "Resume a paused download.", (c, id, ct) => c.ResumeTransferAsync(id, ct)));
        return command;
    }

    private static Command CreateList(GlobalOptions globals)
    {
        var command = new Command("ls", "List your active and paused transfers.");
        CommandExecution.SetBody(command, globals, async (parse, context, cancellationToken) =>
        {
            var client = context.Connection.CreateClient();
            var transfers = new List<Transfer>();
            var pageToken = string.Empty;
            do
            {
                var page = await client.ListTransfersAsync(pageToken, cancellationToken: cancellationToken);
                transfers.AddRange(page.Transfers);
                pageToken = page.NextPageToken;
            }
            while (pageToken.Length > 0);

            if (context.Output.Json)
            {
                var array = new JsonArray();
                foreach (var transfer in transfers)
                {
                    array.Add(CliOutput.ToJson(transfer));
                }

                context.Output.WriteJson(new JsonObject { ["transfers"] = array });
                return ExitCodes.Success;
            }

            foreach (var transfer in transfers)
            {
                context.Output.WriteLine(Line(transfer));
            }

            context.Output.Note($"{transfers.Count} transfer(s)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateWatch(GlobalOptions globals)
    {
        var transferId = new Argument<string>("TRANSFER_ID") { Description = "The transfer to watch." };
        var command = new Command("watch", "Follow a transfer's progress until it ends (a live bar on a terminal; with --json one object per event).") { transferId };
        CommandExecution.SetBody(command, globals, async (parse, context, cancellationToken) =>
        {
            var id = parse.GetValue(transferId)!;
            var progress = new ProgressSource();
            var state = await new ProgressDisplay(context.Output).RunAsync(
                "transfer " + id,
                progress,
                async () =>
                {
                    var last = TransferState.Unspecified;
                    await foreach (var item in context.Connection.CreateClient().WatchTransferAsync(id, cancellationToken))
                    {
                        if (context.Output.Json)
                        {
                            context.Output.WriteJson(item);
                        }

                        (progress.Total, last) = item.EventCase == WatchTransferResponse.EventOneofCase.Snapshot
                            ? (item.Snapshot.TotalBytes, item.Snapshot.State)
                            : (item.Progress.TotalBytes, item.Progress.State);
                        progress.Report(item.EventCase == WatchTransferResponse.EventOneofCase.Snapshot ? item.Snapshot.BytesDone : item.Progress.BytesDone);
                    }

                    return last;
                });

            context.Output.Note($"transfer {id}: {Name(state)}, {ByteSize.Format(progress.Done)}");
            return state switch
            {
                TransferState.Completed or TransferState.Active or TransferState.Paused => ExitCodes.Success,
                TransferState.Cancelled => ExitCodes.Cancelled,
                _ => ExitCodes.Unknown,
            };
        });
        return command;
    }

    private static Command CreateControl(GlobalOptions globals, string name, string description, Func<MediaGrpcClient, string, CancellationToken, Task<Transfer>> call)
    {
        var transferId = new Argument<string>("TRANSFER_ID") { Description = "The transfer." };
        var command = new Command(name, description) { transferId };
        CommandExecution.SetBody(command, globals, async (parse, context, cancellationToken) =>
        {
            var transfer = await call(context.Connection.CreateClient(), parse.GetValue(transferId)!, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(transfer);
            }
            else
            {
                context.Output.WriteLine(Line(transfer));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Line(Transfer transfer)
    {
        var total = transfer.TotalBytes > 0 ? " of " + ByteSize.Format(transfer.TotalBytes) : string.Empty;
        var subject = transfer.Kind == TransferKind.Upload ? "upload " + transfer.UploadId : "media " + transfer.MediaId;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{transfer.TransferId}  {Name(transfer.Kind),-8}  {Name(transfer.State),-9}  {ByteSize.Format(transfer.BytesDone)}{total}  {subject}  {transfer.Replica}");
    }

    private static string Name(TransferState state) => state.ToString().ToLowerInvariant();

    private static string Name(TransferKind kind) => kind.ToString().ToLowerInvariant();
}
