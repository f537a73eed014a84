using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// One real server process for the command tests: API keys configured (so a call without
/// one is UNAUTHENTICATED) and a small maximum media size (so a larger file is
/// RESOURCE_EXHAUSTED).
/// </summary>
public sealed class CliServerFixture : IAsyncLifetime
{
    public const string ApiKey = "cli-test-key-4f1c9a";
    public const int MaxMediaSize = 8 * 1024 * 1024;

    private readonly string _workingDirectory = TestFiles.NewFolder("server");
    private ServerProcess? _server;

    public Uri Address => _server?.Address ?? throw new InvalidOperationException("The server is not running.");

    public string Server => Address.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(
            FreePort.Next(),
            _workingDirectory,
            ServerProcess.ArgumentsFor(new Dictionary<string, string?>
            {
                ["Authentication:ApiKeys:0:Key"] = ApiKey,
                ["Authentication:ApiKeys:0:Owner"] = "cli",
                ["Media:MaxMediaSize"] = MaxMediaSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        TestFiles.Delete(_workingDirectory);
    }
}
