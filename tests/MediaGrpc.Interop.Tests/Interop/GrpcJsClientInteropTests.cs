using System.Globalization;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Interop.Tests.Interop;

/// <summary>
/// The grpc-js interop client (tests/interop/interop-client.js) runs every case against
/// our interop host once per class; each case is then its own test result.
/// </summary>
public sealed class GrpcJsClientInteropTests(GrpcJsClientInteropTests.Run run) : IClassFixture<GrpcJsClientInteropTests.Run>
{
    [Theory(Timeout = 90_000)]
    [MemberData(nameof(InteropCases.All), MemberType = typeof(InteropCases))]
    public async Task Grpc_js_interop_client_passes_against_our_server(string testCase)
    {
        var result = await run.Result;
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.TrimEntries);
        Assert.True(
            Array.Exists(lines, line => line == "PASS " + testCase),
            $"{testCase} did not pass:\n{result}");
        Assert.True(run.Host.LoggedErrors.Count == 0, string.Join("\n", run.Host.LoggedErrors));
    }

    /// <summary>Starts the host and runs the client over all cases once.</summary>
    public sealed class Run : IAsyncLifetime
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

        public InteropHostFixture Host { get; } = new();

        public Task<CommandResult> Result { get; private set; } = Task.FromException<CommandResult>(new InvalidOperationException("Not started."));

        public async Task InitializeAsync()
        {
            await Host.InitializeAsync();
            Result = CommandRunner.RunAsync(
                "node",
                [
                    Path.Combine(RepositoryPaths.Root, "tests", "interop", "interop-client.js"),
                    "--server_port", Host.Port.ToString(CultureInfo.InvariantCulture),
                    "--test_case", string.Join(',', InteropCases.Names),
                ],
                s_timeout);
            await Result;
        }

        public Task DisposeAsync() => Host.DisposeAsync();
    }
}
