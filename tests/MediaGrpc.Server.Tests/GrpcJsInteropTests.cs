using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>The official Node gRPC implementation, with the public .proto files, talking to the service.</summary>
public sealed class GrpcJsInteropTests(LocalDiskServerFixture fixture) : IClassFixture<LocalDiskServerFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task Grpc_js_client_uploads_and_downloads_20_MiB_byte_identical()
    {
        var result = await CommandRunner.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Root, "tests", "interop", "media-roundtrip.js"),
             "--address", fixture.Host.Address.Authority,
             "--size", (20 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(110));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"downloadedSha256\"", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(fixture.Host.LoggedErrors);
    }

    [Fact(Timeout = 120_000)]
    public async Task Grpc_js_reads_the_offset_mismatch_detail_from_the_status_trailer()
    {
        var result = await CommandRunner.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Root, "tests", "interop", "offset-mismatch.js"),
             "--address", fixture.Host.Address.Authority,
             "--offset", "1024"],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var outcome = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(11, outcome.RootElement.GetProperty("code").GetInt32()); // OUT_OF_RANGE
        var detail = Assert.Single(outcome.RootElement.GetProperty("details").EnumerateArray());
        Assert.Equal("mediagrpc.v1.OffsetMismatch", detail.GetProperty("type").GetString());
        Assert.Equal(0, detail.GetProperty("detail").GetProperty("persisted_offset").GetInt64());
        Assert.Equal(1024, detail.GetProperty("detail").GetProperty("requested_offset").GetInt64());
    }
}
