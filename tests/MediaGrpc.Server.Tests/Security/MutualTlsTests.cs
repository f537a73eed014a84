using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// TLS through Kestrel's own endpoint configuration, with the client certificate as the
/// caller's identity: certificates made in the test (an authority, a server certificate for
/// 127.0.0.1, client certificates), written as PEM files, named in configuration. One
/// endpoint requires a client certificate, another only asks for one.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mediagrpc-mtls-" + Guid.NewGuid().ToString("N"));
    private TestCertificateAuthority _authority = null!;
    private TestCertificateAuthority _stranger = null!;
    private MediaServerHost _host = null!;
    private Uri _required = null!;
    private Uri _optional = null!;

    public async Task InitializeAsync()
    {
        _authority = TestCertificateAuthority.Create(_folder, "trusted");
        _stranger = TestCertificateAuthority.Create(_folder, "stranger");
        var server = _authority.IssueServer();
        var requiredPort = FreePort.Next();
        var optionalPort = FreePort.Next();
        var configuration = MediaServerHost.LocalDisk(Path.Combine(_folder, "blobs")).WithKeys();
        configuration["Kestrel:Endpoints:Required:Url"] = $"https://127.0.0.1:{requiredPort}";
        configuration["Kestrel:Endpoints:Required:Certificate:Path"] = server.Certificate;
        configuration["Kestrel:Endpoints:Required:Certificate:KeyPath"] = server.Key;
        configuration["Kestrel:Endpoints:Required:ClientCertificateMode"] = "RequireCertificate";
        configuration["Kestrel:Endpoints:Optional:Url"] = $"https://127.0.0.1:{optionalPort}";
        configuration["Kestrel:Endpoints:Optional:Certificate:Path"] = server.Certificate;
        configuration["Kestrel:Endpoints:Optional:Certificate:KeyPath"] = server.Key;
        configuration["Kestrel:Endpoints:Optional:ClientCertificateMode"] = "AllowCertificate";
        configuration["Authentication:Certificate:TrustedCaFile"] = _authority.CaFile;
        _host = await MediaServerHost.StartAsync(configuration);
        _required = new Uri($"https://127.0.0.1:{requiredPort}");
        _optional = new Uri($"https://127.0.0.1:{optionalPort}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _authority.Dispose();
        _stranger.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Client_certificate_authenticates_through_the_sdk_over_tls_as_its_common_name()
    {
        var alice = _authority.IssueClient("alice", "alice");
        var bob = _authority.IssueClient("bob", "bob");
        using var aliceChannel = Channel(_required, alice);
        using var bobChannel = Channel(_required, bob);
        var aliceClient = new MediaGrpcClient(aliceChannel);
        var content = TestData.Bytes(300_000, seed: 7);

        var upload = await aliceClient.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "mtls.bin" });
        var copy = await aliceClient.CreateDownloader().DownloadToMemory(upload.Media.MediaId);

        Assert.Equal(content, copy.Content.ToArray());
        Assert.True((await aliceClient.GetUploadStatusAsync(upload.UploadId)).Complete);
        await TestData.FailsWith(StatusCode.NotFound, () => new MediaGrpcClient(bobChannel).GetUploadStatusAsync(upload.UploadId));
        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Client_without_a_certificate_is_refused_where_one_is_required_and_unauthenticated_where_optional()
    {
        using var required = Channel(_required, client: null);
        using var optional = Channel(_optional, client: null);

        // The handshake itself fails: no call reaches the server.
        var handshake = await Assert.ThrowsAsync<RpcException>(() => new MediaGrpcClient(required).GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));
        Assert.True(handshake.StatusCode is StatusCode.Unavailable or StatusCode.Internal, handshake.Status.ToString());

        var refused = await TestData.FailsWith(StatusCode.Unauthenticated, () => new MediaGrpcClient(optional).GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Contains("client certificate", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Credential_in_the_call_wins_over_the_connections_certificate()
    {
        var alice = _authority.IssueClient("alice-and-key", "alice");
        using var channel = Channel(_required, alice);
        var asCertificate = new MediaGrpcClient(channel);
        var asBobsKey = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = TwoOwners.BobKey });
        var asWrongKey = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = TwoOwners.BobKey + "-wrong" });

        var upload = await asBobsKey.UploadAsync(new MemoryStream(TestData.Bytes(1000)), new MediaSpec { DisplayName = "bobs.bin" });

        // Bob's key on alice's connection acts as bob; a wrong key does not fall back to the certificate.
        Assert.True((await asBobsKey.GetUploadStatusAsync(upload.UploadId)).Complete);
        await TestData.FailsWith(StatusCode.NotFound, () => asCertificate.GetUploadStatusAsync(upload.UploadId));
        var refused = await TestData.FailsWith(StatusCode.Unauthenticated, () => asWrongKey.GetUploadStatusAsync(upload.UploadId));
        Assert.Equal("The API key is not valid.", refused.Status.Detail);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Certificate_from_another_authority_is_refused()
    {
        var impostor = _stranger.IssueClient("alice", "alice");
        using var channel = Channel(_required, impostor);

        var refused = await TestData.FailsWith(StatusCode.Unauthenticated, () => new MediaGrpcClient(channel).GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));

        Assert.Equal("The client certificate is not trusted for client authentication.", refused.Status.Detail);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Grpc_js_client_authenticates_with_its_certificate_over_tls_and_is_refused_without()
    {
        var carol = _authority.IssueClient("carol", "carol");
        var impostor = _stranger.IssueClient("carol-impostor", "carol");

        using var withCertificate = await RunGrpcJsAsync("--ca", _authority.CaFile, "--cert", carol.Certificate, "--key", carol.Key);
        using var fromAnotherAuthority = await RunGrpcJsAsync("--ca", _authority.CaFile, "--cert", impostor.Certificate, "--key", impostor.Key);
        using var withoutCertificate = await RunGrpcJsAsync("--ca", _authority.CaFile);

        var uploaded = withCertificate.RootElement.GetProperty("calls")[0];
        Assert.True(uploaded.GetProperty("ok").GetBoolean(), uploaded.ToString());
        Assert.Equal(64 * 1024, uploaded.GetProperty("size").GetInt32());
        var refused = fromAnotherAuthority.RootElement.GetProperty("calls")[0];
        Assert.Equal((int)StatusCode.Unauthenticated, refused.GetProperty("code").GetInt32());
        Assert.Equal("The client certificate is not trusted for client authentication.", refused.GetProperty("message").GetString());
        var handshake = withoutCertificate.RootElement.GetProperty("calls")[0];
        Assert.False(handshake.GetProperty("ok").GetBoolean());
        Assert.Equal((int)StatusCode.Unavailable, handshake.GetProperty("code").GetInt32());
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Tls_endpoint_negotiates_http2_only()
    {
        var alice = _authority.IssueClient("alice-alpn", "alice");
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(alice.Certificate, alice.Key);

        Assert.Equal(SslApplicationProtocol.Http2, await NegotiateAsync([SslApplicationProtocol.Http11, SslApplicationProtocol.Http2], certificate));
        await Assert.ThrowsAnyAsync<Exception>(() => NegotiateAsync([SslApplicationProtocol.Http11], certificate));
    }

    private async Task<SslApplicationProtocol> NegotiateAsync(List<SslApplicationProtocol> offered, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_required.Host, _required.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = offered,
            ClientCertificates = [certificate],
            EnabledSslProtocols = SslProtocols.None,
            // Only the protocol matters here; the SDK tests check the chain.
            RemoteCertificateValidationCallback = (_, server, _, _) => server?.Issuer == "CN=mediagrpc trusted authority",
        });
        return tls.NegotiatedApplicationProtocol;
    }

    private async Task<System.Text.Json.JsonDocument> RunGrpcJsAsync(params string[] tls)
    {
        var result = await CommandRunner.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Root, "tests", "interop", "calls-as.js"),
             "--address", _required.Authority, "--action", "upload", .. tls],
            TimeSpan.FromSeconds(50));
        Assert.True(result.ExitCode == 0, result.ToString());
        return System.Text.Json.JsonDocument.Parse(result.StandardOutput);
    }

    private GrpcChannel Channel(Uri address, PemFiles? client) => MediaGrpcChannels.ForAddress(address, new MediaGrpcTlsOptions
    {
        CaFile = _authority.CaFile,
        ClientCertificateFile = client?.Certificate,
        ClientKeyFile = client?.Key,
    });
}
