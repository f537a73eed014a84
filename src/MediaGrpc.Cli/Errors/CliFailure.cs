using Google.Protobuf.WellKnownTypes;

namespace MediaGrpc.Cli.Errors;

/// <summary>How a command failed: the exit code (a gRPC status code), one human line, and the typed details the server sent.</summary>
internal sealed record CliFailure(int ExitCode, string Message, IReadOnlyList<Any> Details)
{
    public string StatusName => ExitCodes.NameOf(ExitCode);
}
