using MediaGrpc.Testing;

namespace MediaGrpc.Deployment.Tests;

/// <summary>buf curl (installed by npm ci), an independent gRPC client: it finds health by reflection.</summary>
internal static class BufCurl
{
    /// <summary>grpc.health.v1 Check over h2c, as the kubelet's gRPC probe asks it.</summary>
    public static Task<CommandResult> HealthCheckAsync(Uri address, CancellationToken cancellationToken) =>
        RunAsync(["--http2-prior-knowledge"], address, cancellationToken);

    /// <summary>grpc.health.v1 Check over TLS, trusting any certificate (the tests make their own).</summary>
    public static Task<CommandResult> HealthCheckOverTlsAsync(Uri address, CancellationToken cancellationToken) =>
        RunAsync(["--insecure"], address, cancellationToken);

    private static Task<CommandResult> RunAsync(string[] transport, Uri address, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync(
            RepositoryPaths.NodeTool("buf"),
            ["curl", "--protocol", "grpc", .. transport, "--timeout", "5s",
             new Uri(address, "/grpc.health.v1.Health/Check").ToString()],
            TimeSpan.FromSeconds(20),
            cancellationToken: cancellationToken);
}
