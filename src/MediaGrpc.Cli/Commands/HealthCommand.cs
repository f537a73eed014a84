using System.CommandLine;
using System.Text.Json.Nodes;
using MediaGrpc.Cli.Errors;

namespace MediaGrpc.Cli.Commands;

/// <summary><c>health</c>: the server's grpc.health.v1 status; exits 14 (UNAVAILABLE) unless SERVING.</summary>
internal static class HealthCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("health", "Check that the server serves (exit 0 when SERVING, 14 otherwise).");
        CommandExecution.SetBody(command, globals, async (parse, context, cancellationToken) =>
        {
            var status = await context.Connection.CheckHealthAsync(cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new JsonObject { ["server"] = context.Settings.DisplayAddress, ["status"] = status });
            }
            else
            {
                context.Output.WriteLine(status);
            }

            return status == "SERVING" ? ExitCodes.Success : ExitCodes.Unavailable;
        });
        return command;
    }
}
