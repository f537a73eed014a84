using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// https:// to a server whose certificate comes from a private authority (made in the test):
/// trusted with --ca-file, refused without it; a client certificate and key from PEM files
/// (--client-cert, --client-key) do no harm where none is asked for, and are the caller's
/// identity where the server requires one.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _folder = TestFiles.NewFolder("tls");

    public void Dispose() => TestFiles.Delete(_folder);

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Https_server_is_trusted_with_its_ca_file_and_refused_without()
    {
        using var authority = TestCertificateAuthority.Create(_folder);
        var serverFiles = authority.IssueServer();
        var clientFiles = authority.IssueClient("client", "mediagrpc test client");
        var httpPort = FreePort.Next();
        var httpsPort = FreePort.Next();
        await using var server = await StartTlsServerAsync(httpPort, httpsPort, serverFiles, []);
        var address = $"https://127.0.0.1:{httpsPort}";
        var cli = new CliRunner(Path.Combine(_folder, "state"));
        var file = TestFiles.Create(_folder, "secure.bin", 300_000, seed: 31);

        var untrusted = await cli.RunAsync("health", "--server", address);
        var trusted = await cli.RunAsync("health", "--server", address, "--ca-file", authority.CaFile, "--json");
        var upload = await cli.RunAsync(
            "upload", file, "--server", address, "--ca-file", authority.CaFile,
            "--client-cert", clientFiles.Certificate, "--client-key", clientFiles.Key, "--json");

        // A refused handshake: UNAVAILABLE or INTERNAL, as gRPC libraries differ.
        Assert.True(untrusted.ExitCode is 13 or 14, untrusted.ToString());
        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.Equal("SERVING", trusted.Json.GetProperty("status").GetString());
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var copy = Path.Combine(_folder, "copy.bin");
        var download = await cli.RunAsync("download", upload.Json.GetProperty("mediaId").GetString()!, "-o", copy, "--server", address, "--ca-file", authority.CaFile);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal(TestFiles.Sha256Hex(file), TestFiles.Sha256Hex(copy));
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task Client_certificate_is_the_identity_where_the_server_requires_one()
    {
        using var authority = TestCertificateAuthority.Create(_folder);
        var serverFiles = authority.IssueServer();
        var alice = authority.IssueClient("alice", "alice");
        var bob = authority.IssueClient("bob", "bob");
        var httpPort = FreePort.Next();
        var httpsPort = FreePort.Next();
        await using var server = await StartTlsServerAsync(httpPort, httpsPort, serverFiles, new()
        {
            ["Kestrel:Endpoints:Tls:ClientCertificateMode"] = "RequireCertificate",
            ["Authentication:Certificate:TrustedCaFile"] = authority.CaFile,
        });
        var address = $"https://127.0.0.1:{httpsPort}";
        var cli = new CliRunner(Path.Combine(_folder, "state"));
        var file = TestFiles.Create(_folder, "mine.bin", 100_000, seed: 32);

        var upload = await cli.RunAsync("upload", file, "--server", address, "--ca-file", authority.CaFile, "--client-cert", alice.Certificate, "--client-key", alice.Key, "--json");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var uploadId = upload.Json.GetProperty("uploadId").GetString()!;
        var own = await cli.RunAsync("status", uploadId, "--server", address, "--ca-file", authority.CaFile, "--client-cert", alice.Certificate, "--client-key", alice.Key);
        var other = await cli.RunAsync("status", uploadId, "--server", address, "--ca-file", authority.CaFile, "--client-cert", bob.Certificate, "--client-key", bob.Key);
        var none = await cli.RunAsync("status", uploadId, "--server", address, "--ca-file", authority.CaFile);
        var plainWithoutCredentials = await cli.RunAsync("status", uploadId, "--server", $"http://127.0.0.1:{httpPort}");

        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.True(other.ExitCode == 5, other.ToString()); // NOT_FOUND: bob is another owner
        Assert.True(none.ExitCode is 13 or 14, none.ToString()); // the handshake needs a certificate
        Assert.True(plainWithoutCredentials.ExitCode == 16, plainWithoutCredentials.ToString()); // UNAUTHENTICATED
        Assert.Contains("client certificate", plainWithoutCredentials.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestFiles.Timeout)]
    public async Task A_ca_file_that_is_not_pem_exits_3()
    {
        var bogus = Path.Combine(_folder, "bogus.pem");
        await File.WriteAllTextAsync(bogus, "not a certificate");

        var run = await new CliRunner(Path.Combine(_folder, "state")).RunAsync("health", "--server", "https://127.0.0.1:1", "--ca-file", bogus);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("--ca-file", run.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// The server with Kestrel's own endpoint configuration: a plain endpoint (where the
    /// fixture checks health) and an https one with <paramref name="serverFiles"/>, plus <paramref name="settings"/>.
    /// </summary>
    private Task<ServerProcess> StartTlsServerAsync(int httpPort, int httpsPort, PemFiles serverFiles, Dictionary<string, string?> settings)
    {
        var configuration = new Dictionary<string, string?>(settings)
        {
            ["Kestrel:Endpoints:Plain:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel:Endpoints:Tls:Url"] = $"https://127.0.0.1:{httpsPort}",
            ["Kestrel:Endpoints:Tls:Certificate:Path"] = serverFiles.Certificate,
            ["Kestrel:Endpoints:Tls:Certificate:KeyPath"] = serverFiles.Key,
        };
        return ServerProcess.StartAsync(httpPort, Directory.CreateDirectory(Path.Combine(_folder, "server")).FullName, ServerProcess.ArgumentsFor(configuration));
    }
}
