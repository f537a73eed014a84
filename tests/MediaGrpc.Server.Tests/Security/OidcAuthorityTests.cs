using System.Security.Cryptography;
using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// JWT bearer with an <c>Authority</c>: the signing keys come from an OpenID Connect
/// discovery document and its JWKS, served here by a small identity provider on loopback
/// (plain http, so <c>RequireHttpsMetadata</c> is turned off as for development), with an
/// RSA key made up for the run.
/// </summary>
public sealed class OidcAuthorityTests : IAsyncLifetime
{
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-oidc-" + Guid.NewGuid().ToString("N"));
    private WebApplication _provider = null!;
    private string _issuer = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        _issuer = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(_issuer);
        builder.Logging.ClearProviders();
        _provider = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_signingKey.ExportParameters(false)) { KeyId = "run-key" });
        _provider.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuer,
            ["jwks_uri"] = _issuer + "/jwks",
        }));
        _provider.MapGet("/jwks", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E } },
        }));
        await _provider.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        _signingKey.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Token_signed_with_a_key_from_the_authoritys_jwks_authenticates_as_its_sub_and_another_key_is_refused()
    {
        var configuration = MediaServerHost.LocalDisk(_root);
        configuration["Authentication:Schemes:Bearer:Authority"] = _issuer;
        configuration["Authentication:Schemes:Bearer:RequireHttpsMetadata"] = "false";
        configuration["Authentication:Schemes:Bearer:ValidIssuer"] = _issuer;
        configuration["Authentication:Schemes:Bearer:ValidAudiences:0"] = "mediagrpc";
        await using var host = await MediaServerHost.StartAsync(configuration);
        using var channel = host.CreateChannel();
        using var otherKey = RSA.Create(2048);
        var alice = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = Mint(_signingKey, "alice") });
        var bob = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = Mint(_signingKey, "bob") });
        var forged = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = Mint(otherKey, "alice") });

        var upload = await alice.UploadAsync(new MemoryStream(TestData.Bytes(2000)), new MediaSpec { DisplayName = "oidc.bin" });

        Assert.True((await alice.GetUploadStatusAsync(upload.UploadId)).Complete);
        await TestData.FailsWith(StatusCode.NotFound, () => bob.GetUploadStatusAsync(upload.UploadId));
        var refused = await TestData.FailsWith(StatusCode.Unauthenticated, () => forged.GetUploadStatusAsync(upload.UploadId));
        Assert.Equal("The token is not signed, or not by an accepted key.", refused.Status.Detail);
        Assert.Empty(host.LoggedErrors);
    }

    private string Mint(RSA key, string subject) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = _issuer,
        Audience = "mediagrpc",
        Expires = DateTime.UtcNow.AddHours(1),
        Claims = new Dictionary<string, object> { ["sub"] = subject },
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "run-key" }, SecurityAlgorithms.RsaSha256),
    });
}
