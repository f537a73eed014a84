using System.CommandLine;
using System.CommandLine.Help;
using MediaGrpc.Cli.Commands;
using MediaGrpc.Cli.Errors;

namespace MediaGrpc.Cli;

/// <summary>The <c>mediagrpc</c> command tree and its invocation.</summary>
internal static class CliApplication
{
    // Ctrl-C cancels the running command's token; this is how long it may take to stop
    // cleanly (end the stream, print how to resume) before the process is ended anyway.
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRootCommand();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("mediagrpc: " + error.Message);
            }

            await Console.Error.WriteLineAsync("Run 'mediagrpc --help' for usage.");
            return ExitCodes.InvalidArgument;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = s_stopTimeout });
    }

    internal static Command BuildRootCommand()
    {
        var globals = new GlobalOptions();
        // Named here rather than after the executable, which is MediaGrpc.Cli under `dotnet run`.
        var root = new Command(
            "mediagrpc",
            "Upload, download and inspect media on a MediaGrpc server.\n"
            + "Exit code: 0 on success, otherwise the gRPC status code (5 NOT_FOUND, 16 UNAUTHENTICATED, ...).")
        {
            new HelpOption(),
            new VersionOption(),
        };
        globals.AddTo(root);
        root.Subcommands.Add(UploadCommand.Create(globals));
        root.Subcommands.Add(DownloadCommand.Create(globals));
        root.Subcommands.Add(InfoCommand.Create(globals));
        root.Subcommands.Add(RemoveCommand.Create(globals));
        root.Subcommands.Add(UploadStatusCommand.Create(globals));
        root.Subcommands.Add(AbortCommand.Create(globals));
        root.Subcommands.Add(UploadsCommand.Create(globals));
        root.Subcommands.Add(TransfersCommand.Create(globals));
        root.Subcommands.Add(HealthCommand.Create(globals));
        return root;
    }
}
