using MediaGrpc.Cli.Connection;
using MediaGrpc.Cli.Output;

namespace MediaGrpc.Cli;

/// <summary>What one command invocation works with: its output and, opened on first use, its server connection.</summary>
internal sealed class CliContext(ConnectionSettings settings, CliOutput output) : IDisposable
{
    private ServerConnection? _connection;

    public ConnectionSettings Settings { get; } = settings;

    public CliOutput Output { get; } = output;

    public ServerConnection Connection => _connection ??= ServerConnection.Open(Settings);

    public void Dispose() => _connection?.Dispose();
}
