using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Xunit;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// The commands against a real server, checked by what a user or a script sees: exit
/// codes, the JSON on stdout, the one-line message on stderr, and the bytes of files.
/// </summary>
public sealed class CommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>, IDisposable
{
    private const string UnknownMediaId = "AAAAAAAAAAAAAAAAAAAAAA";

    private readonly string _folder = TestFiles.NewFolder("commands");

    private CliRunner Cli => new(Path.Combine(_folder, "state"));

    public void Dispose() => TestFiles.Delete(_folder);

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Upload_prints_json_with_the_media_id_and_download_writes_identical_bytes()
    {
        var file = TestFiles.Create(_folder, "photo.bin", 3 * 1024 * 1024 + 17, seed: 3);

        var upload = await Cli.RunAsync("upload", file, "--server", server.Server, "--api-key", CliServerFixture.ApiKey, "--json");

        Assert.True(upload.ExitCode == 0, upload.ToString());
        var json = upload.Json;
        var mediaId = json.GetProperty("mediaId").GetString()!;
        Assert.Equal(22, mediaId.Length);
        Assert.Equal(mediaId, json.GetProperty("media").GetProperty("mediaId").GetString());
        Assert.Equal("photo.bin", json.GetProperty("media").GetProperty("displayName").GetString());
        Assert.Equal((3 * 1024 * 1024 + 17).ToString(System.Globalization.CultureInfo.InvariantCulture), json.GetProperty("media").GetProperty("size").GetString());
        Assert.Equal(TestFiles.Sha256Hex(file), Convert.ToHexStringLower(json.GetProperty("media").GetProperty("sha256").GetBytesFromBase64()));

        var output = Path.Combine(_folder, "copy.bin");
        var download = await Cli.RunAsync("download", mediaId, "-o", output, "--server", server.Server, "--api-key", CliServerFixture.ApiKey, "--json");

        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.True(download.Json.GetProperty("sha256Verified").GetBoolean());
        Assert.Equal(TestFiles.Sha256Hex(file), TestFiles.Sha256Hex(output));
        Assert.False(File.Exists(output + ".part"));
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task The_same_upload_command_again_returns_the_same_media_and_forgets_the_finished_upload()
    {
        var file = TestFiles.Create(_folder, "twice.bin", 256 * 1024, seed: 4);
        string[] command = ["upload", file, "-s", server.Server, "--api-key", CliServerFixture.ApiKey, "--json"];

        var first = await Cli.RunAsync(command);
        var second = await Cli.RunAsync(command);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, $"{first}\n{second}");
        Assert.Equal(first.Json.GetProperty("mediaId").GetString(), second.Json.GetProperty("mediaId").GetString());
        Assert.Equal(first.Json.GetProperty("uploadId").GetString(), second.Json.GetProperty("uploadId").GetString());
        var uploads = await Cli.RunAsync("uploads", "--json");
        Assert.Equal(0, uploads.Json.GetProperty("uploads").GetArrayLength());
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Plain_upload_prints_only_the_media_id_and_download_to_stdout_streams_the_bytes_and_ranges()
    {
        var file = Path.Combine(_folder, "note.txt");
        await File.WriteAllTextAsync(file, "hello from the command line\n");
        var environment = new Dictionary<string, string> { ["MEDIAGRPC_SERVER"] = server.Server, ["MEDIAGRPC_API_KEY"] = CliServerFixture.ApiKey };
        var cli = new CliRunner(Path.Combine(_folder, "state"), environment);

        var upload = await cli.RunAsync("upload", file);
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var mediaId = upload.StandardOutput.Trim();
        Assert.Equal(22, mediaId.Length);

        var whole = await cli.RunAsync("download", mediaId, "-o", "-");
        Assert.True(whole.ExitCode == 0, whole.ToString());
        Assert.Equal("hello from the command line\n", whole.StandardOutput);

        var range = await cli.RunAsync("download", mediaId, "-o", "-", "--offset", "6", "--length", "4");
        Assert.True(range.ExitCode == 0, range.ToString());
        Assert.Equal("from", range.StandardOutput);

        var info = await cli.RunAsync("info", mediaId, "--json");
        Assert.Equal("note.txt", info.Json.GetProperty("displayName").GetString());
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Upload_from_stdin_with_quiet_prints_only_the_media_id()
    {
        const string Text = "piped through stdin\n";

        var upload = await Cli.RunWithInputAsync(Text, "upload", "-", "--name", "piped.txt", "--quiet", "-s", server.Server, "--api-key", CliServerFixture.ApiKey);

        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.Equal(string.Empty, upload.StandardError);
        var mediaId = Assert.Single(upload.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var download = await Cli.RunAsync("download", mediaId, "-o", "-", "-q", "-s", server.Server, "--api-key", CliServerFixture.ApiKey);
        Assert.Equal(Text, download.StandardOutput);
        var info = await Cli.RunAsync("info", mediaId, "--json", "-s", server.Server, "--api-key", CliServerFixture.ApiKey);
        Assert.Equal("piped.txt", info.Json.GetProperty("displayName").GetString());
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Info_shows_stored_line_breaks_as_escapes_so_a_record_cannot_forge_terminal_lines()
    {
        var spec = new MediaSpec { DisplayName = "note.txt" };
        spec.CustomMetadata["caption"] = "first line\nmediagrpc: forged line\r\tend";
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Address);
        var client = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = CliServerFixture.ApiKey });
        var upload = await client.UploadAsync(new MemoryStream([1, 2, 3]), spec);

        var info = await Cli.RunAsync("info", upload.Media.MediaId, "-s", server.Server, "--api-key", CliServerFixture.ApiKey);

        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("metadata:      caption=first line\\nmediagrpc: forged line\\r\\tend\n", info.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("\nmediagrpc: forged line", info.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Unknown_media_exits_5_with_one_line_on_stderr_and_a_json_error_on_stdout()
    {
        var download = await Cli.RunAsync("download", UnknownMediaId, "-o", Path.Combine(_folder, "none.bin"), "-s", server.Server, "--api-key", CliServerFixture.ApiKey);
        var info = await Cli.RunAsync("info", UnknownMediaId, "-s", server.Server, "--api-key", CliServerFixture.ApiKey, "--json");

        Assert.Equal(5, download.ExitCode);
        var line = Assert.Single(download.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mediagrpc: NOT_FOUND: ", line, StringComparison.Ordinal);
        Assert.Equal(5, info.ExitCode);
        var error = info.Json.GetProperty("error");
        Assert.Equal(5, error.GetProperty("code").GetInt32());
        Assert.Equal("NOT_FOUND", error.GetProperty("status").GetString());
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Missing_or_wrong_api_key_exits_16_and_the_key_is_never_printed()
    {
        const string WrongKey = "wrong-key-never-echoed-91b2";

        var missing = await Cli.RunAsync("info", UnknownMediaId, "-s", server.Server);
        var wrong = await Cli.RunAsync("status", UnknownMediaId, "-s", server.Server, "--api-key", WrongKey, "--json");

        Assert.True(missing.ExitCode == 16, missing.ToString());
        Assert.StartsWith("mediagrpc: UNAUTHENTICATED: ", missing.StandardError, StringComparison.Ordinal);
        Assert.True(wrong.ExitCode == 16, wrong.ToString());
        Assert.Equal("UNAUTHENTICATED", wrong.Json.GetProperty("error").GetProperty("status").GetString());
        Assert.DoesNotContain(WrongKey, wrong.StandardOutput + wrong.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task File_above_the_maximum_media_size_exits_8_naming_the_limit()
    {
        var file = TestFiles.Create(_folder, "too-big.bin", CliServerFixture.MaxMediaSize + 1, seed: 6);

        var upload = await Cli.RunAsync("upload", file, "-s", server.Server, "--api-key", CliServerFixture.ApiKey, "--json");

        Assert.True(upload.ExitCode == 8, upload.ToString());
        Assert.Contains("RESOURCE_EXHAUSTED", upload.StandardError, StringComparison.Ordinal);
        Assert.Contains("max_media_size", upload.StandardError, StringComparison.Ordinal);
        var detail = Assert.Single(upload.Json.GetProperty("error").GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/mediagrpc.v1.LimitExceeded", detail.GetProperty("@type").GetString());
        Assert.Equal(CliServerFixture.MaxMediaSize.ToString(System.Globalization.CultureInfo.InvariantCulture), detail.GetProperty("maximum").GetString());
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Status_shows_a_finished_upload_and_rm_makes_its_media_not_found()
    {
        var file = TestFiles.Create(_folder, "gone.bin", 4096, seed: 7);
        string[] auth = ["-s", server.Server, "--api-key", CliServerFixture.ApiKey];
        var upload = await Cli.RunAsync(["upload", file, "--json", .. auth]);
        var mediaId = upload.Json.GetProperty("mediaId").GetString()!;

        var status = await Cli.RunAsync(["status", upload.Json.GetProperty("uploadId").GetString()!, "--json", .. auth]);
        var remove = await Cli.RunAsync(["rm", mediaId, .. auth]);
        var info = await Cli.RunAsync(["info", mediaId, .. auth]);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.True(status.Json.GetProperty("complete").GetBoolean());
        Assert.Equal("4096", status.Json.GetProperty("persistedOffset").GetString());
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal(5, info.ExitCode);
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Health_exits_0_when_serving_and_14_when_nothing_listens()
    {
        var serving = await Cli.RunAsync("health", "-s", server.Server, "--json");
        var closed = await Cli.RunAsync("health", "-s", $"http://127.0.0.1:{MediaGrpc.Testing.FreePort.Next()}");

        Assert.True(serving.ExitCode == 0, serving.ToString());
        Assert.Equal("SERVING", serving.Json.GetProperty("status").GetString());
        Assert.Equal(14, closed.ExitCode);
        Assert.StartsWith("mediagrpc: UNAVAILABLE: ", closed.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task A_bad_command_line_exits_3()
    {
        var run = await Cli.RunAsync("upload");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--help", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StandardOutput);
    }
}
