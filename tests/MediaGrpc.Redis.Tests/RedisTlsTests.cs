using System.Diagnostics;
using System.Globalization;
using MediaGrpc.Redis.Tests.Support;
using MediaGrpc.Testing;

namespace MediaGrpc.Redis.Tests;

/// <summary>TLS against a real redis-server with a certificate from a throwaway private CA (made with openssl).</summary>
[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisTlsTests(RedisServerFixture redis) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mediagrpc-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Connection_over_TLS_trusts_the_configured_CA_and_refuses_an_unknown_one()
    {
        using var cancellation = new CancellationTokenSource(TestTimeouts.Operations);
        await MakeCertificatesAsync(cancellation.Token);
        var tlsPort = FreePort.Next();
        await using var server = await redis.StartInstanceAsync(
        [
            "--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture),
            "--tls-cert-file", Path.Combine(_directory, "server.crt"),
            "--tls-key-file", Path.Combine(_directory, "server.key"),
            "--tls-ca-cert-file", Path.Combine(_directory, "ca.crt"),
            "--tls-auth-clients", "no",
        ], cancellation.Token);
        var options = new RedisClientOptions
        {
            Endpoint = "127.0.0.1:" + tlsPort.ToString(CultureInfo.InvariantCulture),
            UseTls = true,
            TlsServerName = "localhost",
            TlsCaCertificatePath = Path.Combine(_directory, "ca.crt"),
        };

        await using (var connection = await RedisConnection.ConnectAsync(options, cancellationToken: cancellation.Token))
        {
            await connection.SetAsync("over-tls", "yes", cancellationToken: cancellation.Token);
            Assert.Equal("yes", await connection.GetStringAsync("over-tls", cancellation.Token));
        }

        options.TlsCaCertificatePath = null;
        await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(options, cancellationToken: cancellation.Token));
    }

    private async Task MakeCertificatesAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n", cancellationToken);
        await OpenSslAsync(cancellationToken, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=mediagrpc-test-ca");
        await OpenSslAsync(cancellationToken, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        await OpenSslAsync(cancellationToken, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", "ext");
    }

    private async Task OpenSslAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("openssl") { WorkingDirectory = _directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, "openssl failed: " + await errors);
    }
}
