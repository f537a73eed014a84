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

    [Fact(Timeout = 120_000)]
    public async Task Grpc_js_download_cancelled_through_cancel_transfer_ends_with_cancelled_and_a_transfer_cancelled_detail()
    {
        var result = await CommandRunner.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Root, "tests", "interop", "cancel-while-downloading.js"),
             "--address", fixture.Host.Address.Authority],
            TimeSpan.FromSeconds(110));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var outcome = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var download = outcome.RootElement.GetProperty("result");
        Assert.Equal(1, download.GetProperty("code").GetInt32()); // CANCELLED, as a status trailer
        var detail = Assert.Single(download.GetProperty("details").EnumerateArray());
        Assert.Equal("mediagrpc.v1.TransferCancelled", detail.GetProperty("type").GetString());
        Assert.Equal(download.GetProperty("transferId").GetString(), detail.GetProperty("detail").GetProperty("transfer_id").GetString());
        Assert.Equal("cancel_transfer", detail.GetProperty("detail").GetProperty("reason").GetString());
        Assert.NotEmpty(detail.GetProperty("detail").GetProperty("replica").GetString()!);
    }
}
