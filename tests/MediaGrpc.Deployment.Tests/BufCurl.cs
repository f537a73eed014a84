using MediaGrpc.Testing;

namespace MediaGrpc.Deployment.Tests;

/// <summary>buf curl (installed by npm ci), an independent gRPC client: it finds health by reflection.</summary>
internal static class BufCurl
{
    public static Task<CommandResult> HealthCheckAsync(Uri address, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync(
            RepositoryPaths.NodeTool("buf"),
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "--timeout", "5s",
             new Uri(address, "/grpc.health.v1.Health/Check").ToString()],
            TimeSpan.FromSeconds(20),
            cancellationToken: cancellationToken);
}
