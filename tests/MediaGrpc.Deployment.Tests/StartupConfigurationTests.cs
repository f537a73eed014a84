using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Deployment.Tests;

/// <summary>
/// What an operator meets when starting the server: standard listen settings are obeyed,
/// and a bad setting stops it with one line per problem naming the key (no stack trace,
/// no secret), and a non-zero exit code.
/// </summary>
[Collection(ServerBuilds.Name)]
public sealed class StartupConfigurationTests
{
    private const string Prefix = "mediagrpc: invalid configuration: ";
    private static readonly TimeSpan s_exitLimit = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 120_000)]
    public async Task Api_key_shorter_than_the_minimum_stops_start_up_with_one_line_naming_the_key_and_the_minimum()
    {
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", ServerBinaries.Loopback(FreePort.Next()).ToString(),
             "--Authentication:ApiKeys:0:Key=short-secret", "--Authentication:ApiKeys:0:Owner=alice"]);

        var exitCode = await WaitForExitAsync(server);

        Assert.True(exitCode == 2, $"exit {exitCode}\n{server.Describe()}");
        Assert.Equal(
            [Prefix + "Authentication:ApiKeys:0:Key must be at least 16 characters (it has 12)."],
            server.Error.Where(line => line.Length > 0));
        AssertNoTraceAndNoSecret(server, "short-secret");
    }

    [Fact(Timeout = 120_000)]
    public async Task Jwt_bearer_settings_that_would_accept_too_much_stop_start_up_without_printing_the_key()
    {
        // A signing key made up here, too short for HMAC-SHA256, for an issuer that is not
        // accepted, and no audience: each is one line; the key's value never appears.
        var shortKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", ServerBinaries.Loopback(FreePort.Next()).ToString(),
             "--Authentication:Schemes:Bearer:ValidIssuer=https://issuer.test",
             "--Authentication:Schemes:Bearer:SigningKeys:0:Issuer=https://other.test",
             $"--Authentication:Schemes:Bearer:SigningKeys:0:Value={shortKey}"]);

        var exitCode = await WaitForExitAsync(server);

        Assert.True(exitCode == 2, $"exit {exitCode}\n{server.Describe()}");
        Assert.Equal(
            [
                Prefix + "Authentication:Schemes:Bearer:SigningKeys:0:Issuer must be one of the accepted issuers.",
                Prefix + "Authentication:Schemes:Bearer:SigningKeys:0:Value must be base64 of at least 32 bytes.",
                Prefix + "Authentication:Schemes:Bearer:ValidAudiences (or ValidAudience) is required: tokens for any service would be accepted.",
            ],
            server.Error.Where(line => line.Length > 0).Order(StringComparer.Ordinal));
        AssertNoTraceAndNoSecret(server, shortKey);
    }

    [Fact(Timeout = 120_000)]
    public async Task Invalid_option_values_are_reported_one_line_each_naming_the_key()
    {
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", ServerBinaries.Loopback(FreePort.Next()).ToString(),
             "--Media:MaxMediaSize=0", "--Media:DownloadEtagCheckBytes=0", "--Transfers:MaxConcurrentPerOwner=0"]);

        var exitCode = await WaitForExitAsync(server);

        Assert.True(exitCode == 2, $"exit {exitCode}\n{server.Describe()}");
        var lines = server.Error.Where(line => line.Length > 0).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            [
                Prefix + "Media:DownloadEtagCheckBytes must be at least 1024.",
                Prefix + "Media:MaxMediaSize must be positive.",
                Prefix + "Transfers:MaxConcurrentPerOwner must be at least 1.",
            ],
            lines);
        AssertNoTraceAndNoSecret(server, secret: null);
    }

    [Fact(Timeout = 120_000)]
    public async Task Invalid_kestrel_limits_are_reported_one_line_each_naming_the_key()
    {
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", ServerBinaries.Loopback(FreePort.Next()).ToString(),
             "--Grpc:Kestrel:MaxStreamsPerConnection=0", "--Grpc:Kestrel:RequestHeadersTimeout=00:00:00", "--Grpc:Kestrel:BufferBlockSize=1000"]);

        var exitCode = await WaitForExitAsync(server);

        Assert.True(exitCode == 2, $"exit {exitCode}\n{server.Describe()}");
        var lines = server.Error.Where(line => line.Length > 0).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            [
                Prefix + "Grpc:Kestrel:BufferBlockSize must be 0 (Kestrel's own pool) or between 4096 and 1048576.",
                Prefix + "Grpc:Kestrel:MaxStreamsPerConnection must be positive.",
                Prefix + "Grpc:Kestrel:RequestHeadersTimeout must be positive.",
            ],
            lines);
        AssertNoTraceAndNoSecret(server, secret: null);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("Grpc:Kestrel:RequestHeadersTimeout", "soon")] // bound before the host is built
    [InlineData("Storage:Provider", "S3")] // read while the services are wired
    [InlineData("Media:MaxMediaSize", "200MB")] // read when the options are first resolved
    [InlineData("Transfers:HeartbeatTtl", "thirty seconds' at 'Transfers:HeartbeatTtl")]
    public async Task A_value_of_the_wrong_type_is_reported_with_its_key(string key, string value)
    {
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", ServerBinaries.Loopback(FreePort.Next()).ToString(), $"--{key}={value}"]);

        var exitCode = await WaitForExitAsync(server);

        Assert.True(exitCode == 2, $"exit {exitCode}\n{server.Describe()}");
        var line = Assert.Single(server.Error, l => l.Length > 0);
        Assert.StartsWith(Prefix, line, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", line, StringComparison.Ordinal);
        // The value is left out: a malformed one may still be a secret.
        AssertNoTraceAndNoSecret(server, secret: value);
    }

    [Fact(Timeout = 120_000)]
    public async Task ASPNETCORE_URLS_sets_the_listen_address()
    {
        var address = ServerBinaries.Loopback(FreePort.Next());
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            [],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = address.ToString() });

        using var deadline = TestDeadline.Start();
        await server.WaitUntilServingAsync(address, deadline.Token);

        Assert.Contains(server.Output, line => line.Contains($"Now listening on: {address.ToString().TrimEnd('/')}", StringComparison.Ordinal));
    }

    [Fact(Timeout = 300_000)]
    public async Task ASPNETCORE_URLS_is_obeyed_by_dotnet_run_with_its_launch_profile()
    {
        // A launch profile's applicationUrl would overwrite ASPNETCORE_URLS under dotnet run.
        var address = ServerBinaries.Loopback(FreePort.Next());
        var data = Directory.CreateTempSubdirectory("mediagrpc-run-").FullName;
        try
        {
            await using var server = ServerProcessRun.StartDotnetRun(
                [$"--Storage:LocalDisk:RootPath={data}"],
                new Dictionary<string, string> { ["ASPNETCORE_URLS"] = address.ToString() });
            using var deadline = TestDeadline.Start(TimeSpan.FromMinutes(4));

            await server.WaitUntilServingAsync(address, deadline.Token);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Urls_on_the_command_line_win_over_ASPNETCORE_URLS()
    {
        var commandLine = ServerBinaries.Loopback(FreePort.Next());
        var environment = ServerBinaries.Loopback(FreePort.Next());
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            ["--urls", commandLine.ToString()],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = environment.ToString() });

        using var deadline = TestDeadline.Start();
        await server.WaitUntilServingAsync(commandLine, deadline.Token);

        Assert.DoesNotContain(server.Output, line => line.Contains($"Now listening on: {environment.ToString().TrimEnd('/')}", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task ASPNETCORE_HTTP_PORTS_of_the_container_image_is_obeyed()
    {
        // The image sets ASPNETCORE_HTTP_PORTS=8080 and the chart sets it to its port: the
        // built-in 127.0.0.1:5000 default must not shadow it (a container would be unreachable).
        var port = FreePort.Next();
        await using var server = ServerProcessRun.Start(
            ServerBinaries.BuiltDll,
            [],
            new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        using var deadline = TestDeadline.Start();
        await server.WaitUntilServingAsync(ServerBinaries.Loopback(port), deadline.Token);

        Assert.DoesNotContain(server.Output, line => line.Contains("127.0.0.1:5000", StringComparison.Ordinal));
    }

    private static async Task<int> WaitForExitAsync(ServerProcessRun server)
    {
        using var limit = TestDeadline.Start(s_exitLimit);
        try
        {
            return await server.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not refuse to start within {s_exitLimit}.\n{server.Describe()}");
        }
    }

    private static void AssertNoTraceAndNoSecret(ServerProcessRun server, string? secret)
    {
        var everything = server.Describe();
        Assert.DoesNotContain("   at ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", everything, StringComparison.Ordinal);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }
}
