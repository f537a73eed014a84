using System.Globalization;
using Xunit;

namespace MediaGrpc.Testing;

/// <summary>
/// The grpc-js EchoService (<c>tests/interop/echo-server.js</c>) for a test class: an
/// independent gRPC server to prove clients against. Uses the address in
/// <c>MEDIAGRPC_TEST_GRPCJS_ECHO_ADDRESS</c> when set, otherwise starts the script with
/// <c>node</c> on 127.0.0.1 and a free port, and kills it on dispose.
/// </summary>
public sealed class GrpcJsEchoServerFixture : IAsyncLifetime
{
    /// <summary>Names an already running echo server, e.g. <c>http://127.0.0.1:50051</c>.</summary>
    public const string AddressVariable = "MEDIAGRPC_TEST_GRPCJS_ECHO_ADDRESS";

    private const int StartAttempts = 3;
    private const string ReadyPrefix = "echo-server ready on ";
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(20);

    private NodeProcess? _process;
    private Uri? _address;

    /// <summary>The server's address, <c>http://127.0.0.1:{port}</c> (plain-text HTTP/2).</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The script that implements the server.</summary>
    public static string ScriptPath => Path.Combine(RepositoryPaths.Root, "tests", "interop", "echo-server.js");

    /// <summary>
    /// A port taken between choosing and binding it makes the script exit; start-up then
    /// retries on a fresh port.
    /// </summary>
    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(AddressVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _address = new Uri(external.Trim(), UriKind.Absolute);
            return;
        }

        using var timeout = new CancellationTokenSource(s_readyTimeout * (StartAttempts + 1));
        var failures = new List<Exception>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            try
            {
                _process = await NodeProcess.StartAsync(
                    ScriptPath, ["--port", port], ReadyPrefix, s_readyTimeout, timeout.Token);
                _address = new Uri("http://127.0.0.1:" + port);
                return;
            }
            catch (NodeProcessException exception)
            {
                failures.Add(exception);
            }
        }

        throw new AggregateException($"echo-server.js did not start after {StartAttempts} attempts.", failures);
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        _process = null;
        return Task.CompletedTask;
    }
}
