using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Interop.Tests.Interop;

/// <summary>
/// buf curl (connect-go's gRPC client) against our interop host, found by reflection.
/// buf curl accepts gzip but never compresses requests (it refuses a grpc-encoding
/// header), so gzip is proven here on the response side.
/// </summary>
public sealed class BufCurlCompressionTests(InteropHostFixture host) : IClassFixture<InteropHostFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Buf_curl_reads_a_gzip_compressed_response()
    {
        var result = await CommandRunner.RunAsync(
            RepositoryPaths.NodeTool("buf"),
            [
                "curl", "--protocol", "grpc", "--http2-prior-knowledge", "-v",
                "-d", """{"response_size":4096,"response_compressed":{"value":true}}""",
                new Uri(host.Address, "/grpc.testing.TestService/UnaryCall").ToString(),
            ],
            TimeSpan.FromSeconds(45));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(
            result.StandardError.Split('\n'),
            line => line.Contains("< (#", StringComparison.Ordinal) && line.Contains("Grpc-Encoding: gzip", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("\"body\"", result.StandardOutput, StringComparison.Ordinal);
    }
}
