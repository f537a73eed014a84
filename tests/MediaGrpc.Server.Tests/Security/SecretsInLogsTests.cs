using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// Nothing secret reaches a log: a server with every identity source (API keys in clear and by
/// hash, JWT bearer, client certificates) on Azure Blob storage (Azurite with an account key
/// made up for the run), called with good and bad credentials of each kind, logs at every
/// level (ASP.NET Core authentication's Debug and Trace included, and IdentityModel's and the
/// Azure SDK's event sources) without a key, a token, a hashed key's preimage, the account
/// key or a private key in any line.
/// </summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mediagrpc-secrets-" + Guid.NewGuid().ToString("N"));
    private readonly TestTokenIssuer _issuer = new();
    private readonly string _clearKey = "clear-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _hashedKey = "hashed-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _accountKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
    private readonly List<string> _tokens = [];
    private TestCertificateAuthority _authority = null!;
    private AzuriteProcess _azurite = null!;

    public async Task InitializeAsync()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _authority = TestCertificateAuthority.Create(_folder);
        _azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(30), cancellation.Token, ("mediagrpcsecrets", _accountKey));
    }

    public Task DisposeAsync()
    {
        _azurite.Dispose();
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 120_000)]
    public async Task No_key_token_key_preimage_account_key_or_private_key_appears_in_any_log_line()
    {
        var server = _authority.IssueServer();
        var alice = _authority.IssueClient("alice", "alice");
        var plainPort = FreePort.Next();
        var tlsPort = FreePort.Next();
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName={_azurite.AccountName};AccountKey={_accountKey};BlobEndpoint={_azurite.BlobEndpoint};";
        var configuration = _issuer.Configure(MediaServerHost.AzureBlob(connectionString, "secrets"));
        configuration["Authentication:ApiKeys:0:Key"] = _clearKey;
        configuration["Authentication:ApiKeys:0:Owner"] = "clear";
        configuration["Authentication:ApiKeys:1:KeySha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_hashedKey)));
        configuration["Authentication:ApiKeys:1:Owner"] = "hashed";
        configuration["Authentication:Certificate:TrustedCaFile"] = _authority.CaFile;
        configuration["Kestrel:Endpoints:Plain:Url"] = $"http://127.0.0.1:{plainPort}";
        configuration["Kestrel:Endpoints:Tls:Url"] = $"https://127.0.0.1:{tlsPort}";
        configuration["Kestrel:Endpoints:Tls:Certificate:Path"] = server.Certificate;
        configuration["Kestrel:Endpoints:Tls:Certificate:KeyPath"] = server.Key;
        configuration["Kestrel:Endpoints:Tls:ClientCertificateMode"] = "AllowCertificate";
        configuration["Logging:LogLevel:Default"] = "Trace";
        configuration["Logging:LogLevel:Microsoft"] = "Trace";
        configuration["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        configuration["Logging:LogLevel:Azure"] = "Trace";

        using var logs = new EverythingLogged();
        await using (var host = await MediaServerHost.StartAsync(configuration, logs: logs))
        {
            var plain = new Uri($"http://127.0.0.1:{plainPort}");
            using var channel = GrpcChannel.ForAddress(plain);
            await UploadAndReadAsync(new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = _clearKey }));
            await UploadAndReadAsync(new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = _hashedKey }));
            await UploadAndReadAsync(new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = Token(_issuer.Mint("jwt-owner")) }));
            using (var tls = MediaGrpcChannels.ForAddress(new Uri($"https://127.0.0.1:{tlsPort}"), new MediaGrpcTlsOptions { CaFile = _authority.CaFile, ClientCertificateFile = alice.Certificate, ClientKeyFile = alice.Key }))
            {
                await UploadAndReadAsync(new MediaGrpcClient(tls));
            }

            // Refused credentials are where libraries are tempted to say what they saw.
            var now = DateTime.UtcNow;
            foreach (var bad in new[]
            {
                _clearKey + "-wrong",
                _hashedKey[..^1],
                Token(_issuer.Mint("x", notBefore: now.AddHours(-2), expires: now.AddHours(-1))),
                Token(_issuer.Mint("x", key: RandomNumberGenerator.GetBytes(32))),
                Token(_issuer.Mint("x", audience: "elsewhere")),
                Token(TestTokenIssuer.Unsigned("x")),
            })
            {
                await TestData.FailsWith(StatusCode.Unauthenticated, () => new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = bad }).GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));
            }

            Assert.Empty(host.LoggedErrors);
        }

        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.StartsWith("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal) && l.Contains("] Debug:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("refused by scheme Bearer: The token has expired.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Azure-Core", StringComparison.Ordinal));

        var secrets = new Dictionary<string, string>
        {
            ["API key in clear"] = _clearKey,
            ["preimage of the hashed API key"] = _hashedKey,
            ["JWT signing key"] = _issuer.KeyBase64,
            ["JWT signing key (base64url)"] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(_issuer.Key),
            ["storage account key"] = _accountKey,
            ["client certificate's private key"] = PemBody(alice.Key),
            ["server certificate's private key"] = PemBody(server.Key),
        };
        foreach (var token in _tokens)
        {
            // A token's signature is what makes it a credential; its claims are not secret.
            secrets[$"token {token[..12]}…"] = token;
            secrets[$"signature of token {token[..12]}…"] = token[(token.LastIndexOf('.') + 1)..] is { Length: > 0 } signature ? signature : token;
        }

        foreach (var (what, secret) in secrets)
        {
            var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"The {what} appears in a log line: {leak}");
        }
    }

    private string Token(string token)
    {
        _tokens.Add(token);
        return token;
    }

    private static async Task UploadAndReadAsync(MediaGrpcClient client)
    {
        var content = TestData.Bytes(70_000, seed: 3);
        var upload = await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "secret-free.bin" });
        var copy = await client.CreateDownloader().DownloadToMemory(upload.Media.MediaId);
        Assert.Equal(content, copy.Content.ToArray());
    }

    // The key material of a PEM file, without its armour lines (a fragment of it would do as well).
    private static string PemBody(string file) =>
        string.Concat(File.ReadAllLines(file).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))[..40];
}
