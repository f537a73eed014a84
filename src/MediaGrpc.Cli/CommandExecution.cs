using System.CommandLine;
using MediaGrpc.Cli.Errors;

namespace MediaGrpc.Cli;

/// <summary>
/// Runs a command body and turns every way it can end into an exit code: 0, the body's
/// own code, or the status code of the failure, with one line on stderr saying why (and,
/// with --json, an error object on stdout).
/// </summary>
internal static class CommandExecution
{
    public static void SetBody(Command command, GlobalOptions globals, Func<ParseResult, CliContext, CancellationToken, Task<int>> body)
    {
        command.SetAction((parse, cancellationToken) => RunAsync(parse, globals, body, cancellationToken));
    }

    private static async Task<int> RunAsync(
        ParseResult parse,
        GlobalOptions globals,
        Func<ParseResult, CliContext, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var output = globals.ReadOutput(parse);
        try
        {
            using var context = new CliContext(globals.ReadConnection(parse), output);
            return await body(parse, context, cancellationToken);
        }
        catch (Exception e)
        {
            var failure = CliFailures.Describe(e, cancellationToken.IsCancellationRequested);
            output.WriteFailure(failure);
            return failure.ExitCode;
        }
    }
}
