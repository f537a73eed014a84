using System.Globalization;
using Xunit;

namespace MediaGrpc.Testing;

/// <summary>
/// The grpc-js grpc.testing.TestService (<c>tests/interop/interop-server.js</c>) for a
/// test class: an independent interop server to prove our client against. Started with
/// <c>node</c> on 127.0.0.1 and a free port, killed on dispose.
/// </summary>
public sealed class GrpcJsInteropServerFixture : IAsyncLifetime
{
    private const int StartAttempts = 3;
    private const string ReadyPrefix = "interop-server ready on ";
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(20);

    private NodeProcess? _process;
    private Uri? _address;

    /// <summary>The server's address, <c>http://127.0.0.1:{port}</c> (plain-text HTTP/2).</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The fixture is not initialized.");

    public static string ScriptPath => Path.Combine(RepositoryPaths.Root, "tests", "interop", "interop-server.js");

    /// <summary>A port taken between choosing and binding it makes the script exit; start-up then retries on a fresh port.</summary>
    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(s_readyTimeout * (StartAttempts + 1));
        var failures = new List<Exception>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            try
            {
                _process = await NodeProcess.StartAsync(ScriptPath, ["--port", port], ReadyPrefix, s_readyTimeout, timeout.Token);
                _address = new Uri("http://127.0.0.1:" + port);
                return;
            }
            catch (NodeProcessException exception)
            {
                failures.Add(exception);
            }
        }

        throw new AggregateException($"interop-server.js did not start after {StartAttempts} attempts.", failures);
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        _process = null;
        return Task.CompletedTask;
    }
}
