namespace MediaGrpc.Cli.Errors;

/// <summary>A failure the tool finds itself (a missing file, a bad combination of options), with the exit code to end with.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
