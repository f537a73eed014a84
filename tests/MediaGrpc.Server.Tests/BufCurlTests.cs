using System.Globalization;
using System.Text;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// buf curl, an independent gRPC client, finds everything through server reflection:
/// no .proto file is given to it. Its exit code is the gRPC status code times 8.
/// </summary>
public sealed class BufCurlTests(LocalDiskServerFixture fixture) : IClassFixture<LocalDiskServerFixture>
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 90_000)]
    public async Task Health_check_answers_serving()
    {
        var result = await BufCurlAsync([], "/grpc.health.v1.Health/Check");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"SERVING\"", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory(Timeout = 90_000)]
    [InlineData("grpc-v1")]
    [InlineData("grpc-v1alpha")]
    public async Task Reflection_lists_the_media_services(string reflectProtocol)
    {
        var result = await BufCurlAsync(["--reflect-protocol", reflectProtocol, "--list-methods"], path: null);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("mediagrpc.v1.UploadService/Upload", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mediagrpc.v1.DownloadService/Download", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mediagrpc.v1.DownloadService/Read", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mediagrpc.v1.MediaService/GetMedia", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Upload_limits_and_ttl_classes_are_known_before_any_upload()
    {
        var result = await BufCurlAsync(["-d", "{}"], "/mediagrpc.v1.UploadService/GetUploadLimits");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var response = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var root = response.RootElement;
        Assert.Equal("209715200", root.GetProperty("limits").GetProperty("maxMediaSize").GetString());
        Assert.Equal(2 * 1024 * 1024, root.GetProperty("limits").GetProperty("maxChunkSize").GetInt32());
        Assert.Equal(["7d", "1d", "30d"], root.GetProperty("ttlClasses").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("604800s", root.GetProperty("ttlClasses")[0].GetProperty("ttl").GetString());
        Assert.Equal(9, root.GetProperty("maxConcurrentTransfersPerCaller").GetInt32());
        Assert.Equal("86400s", root.GetProperty("uploadExpiry").GetString());
    }

    [Fact(Timeout = 90_000)]
    public async Task Upload_through_the_bidi_stream_then_read_returns_the_bytes()
    {
        var content = Encoding.UTF8.GetBytes("hello from buf curl\n");
        var messages = new StringBuilder()
            .AppendLine("""{"start":{"media":{"display_name":"hello.txt","content_type":"text/plain"}}}""")
            .AppendLine(CultureInfo.InvariantCulture, $$$"""{"chunk":{"offset":0,"data":"{{{Convert.ToBase64String(content)}}}"}}""")
            .AppendLine("""{"finish":{}}""")
            .ToString();

        var upload = await BufCurlAsync(["-d", "@-"], "/mediagrpc.v1.UploadService/Upload", messages);
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var mediaId = System.Text.RegularExpressions.Regex.Match(upload.StandardOutput, "\"mediaId\": \"([A-Za-z0-9_-]+)\"").Groups[1].Value;
        Assert.NotEmpty(mediaId);

        var read = await BufCurlAsync(["-d", $$"""{"media_id":"{{mediaId}}"}"""], "/mediagrpc.v1.DownloadService/Read");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Contains(Convert.ToBase64String(content), read.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Ranged_read_and_download_work_from_buf_curl_and_past_the_end_exits_with_out_of_range()
    {
        var content = Encoding.UTF8.GetBytes("0123456789abcdefghij");
        var (channel, client) = fixture.Host.CreateClient();
        string mediaId;
        using (channel)
        {
            mediaId = (await client.UploadAsync(new MemoryStream(content), new Contracts.V1.MediaSpec { DisplayName = "range.txt" })).Media.MediaId;
        }

        var read = await BufCurlAsync(["-d", $$"""{"media_id":"{{mediaId}}","read_offset":5,"read_limit":10}"""], "/mediagrpc.v1.DownloadService/Read");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Contains("\"offset\": \"5\"", read.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Convert.ToBase64String(content, 5, 10), read.StandardOutput, StringComparison.Ordinal);

        var open = $$$"""{"open":{"media_id":"{{{mediaId}}}","read_offset":15}}""" + "\n";
        var download = await BufCurlAsync(["-d", "@-"], "/mediagrpc.v1.DownloadService/Download", open);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Contains("\"header\"", download.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Convert.ToBase64String(content, 15, 5), download.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"completed\"", download.StandardOutput, StringComparison.Ordinal);

        var pastEnd = await BufCurlAsync(["-d", $$"""{"media_id":"{{mediaId}}","read_offset":21}"""], "/mediagrpc.v1.DownloadService/Read");
        Assert.Equal(11 * 8, pastEnd.ExitCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task Unknown_media_exits_with_not_found()
    {
        var result = await BufCurlAsync(["-d", """{"media_id":"AAAAAAAAAAAAAAAAAAAAAA"}"""], "/mediagrpc.v1.MediaService/GetMedia");

        Assert.Equal(5 * 8, result.ExitCode);
        Assert.Contains("not_found", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    private Task<CommandResult> BufCurlAsync(string[] arguments, string? path, string? standardInput = null)
    {
        var url = fixture.Host.Address.ToString().TrimEnd('/') + (path ?? string.Empty);
        string[] all = ["curl", "--protocol", "grpc", "--http2-prior-knowledge", .. arguments, url];
        return CommandRunner.RunAsync(RepositoryPaths.NodeTool("buf"), all, s_limit, standardInput);
    }
}
