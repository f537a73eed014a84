using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Server.Tests.Transfers;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>
/// JWT bearer identities beside API keys: a token minted here with the key the server was
/// configured with authenticates as its <c>sub</c>; every kind of bad token is refused with
/// UNAUTHENTICATED and a short reason that gives nothing of the key or the token away.
/// </summary>
public sealed class JwtIdentityTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mediagrpc-jwt-" + Guid.NewGuid().ToString("N"));
    private readonly TestTokenIssuer _issuer = new();
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() => _host = await MediaServerHost.StartAsync(_issuer.Configure(MediaServerHost.LocalDisk(_root).WithKeys()));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Jwt_minted_in_the_test_authenticates_as_its_sub()
    {
        using var channel = _host.CreateChannel();
        var aliceByToken = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = _issuer.Mint("alice") });
        var aliceByKey = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = TwoOwners.AliceKey });
        var bobByToken = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = _issuer.Mint("bob") });

        var upload = await aliceByToken.UploadAsync(new MemoryStream(TestData.Bytes(5000)), new MediaSpec { DisplayName = "token.bin" });

        // The token's sub is the owner "alice", the same owner alice's API key names.
        Assert.True((await aliceByKey.GetUploadStatusAsync(upload.UploadId)).Complete);
        Assert.True((await aliceByToken.GetUploadStatusAsync(upload.UploadId)).Complete);
        await TestData.FailsWith(StatusCode.NotFound, () => bobByToken.GetUploadStatusAsync(upload.UploadId));
        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Another_owners_media_uploads_and_transfers_answer_not_found_with_jwt_identities()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cancellation.Token;
        using var channel = _host.CreateChannel();
        var alice = As(_issuer.Mint("alice-" + Guid.NewGuid().ToString("N")), ct);
        var mallory = As(_issuer.Mint("mallory"), ct);
        var aliceClient = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = alice.Headers!.GetValue("authorization")![7..] });
        var media = await aliceClient.UploadAsync(new MemoryStream(TestData.Bytes(3000)), new MediaSpec { DisplayName = "mine.bin" }, cancellationToken: ct);

        // A running upload of alice's: its upload and its transfer.
        using var running = channel.DuplexStreaming(ContractMethods.Upload, alice);
        await running.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "running.bin" } } }, ct);
        Assert.True(await running.ResponseStream.MoveNext(ct));
        var accepted = running.ResponseStream.Current.Accepted;
        await running.RequestStream.WriteAsync(new UploadRequest { Chunk = new UploadChunk { Data = ByteString.CopyFromUtf8("hello") } }, ct);

        await TestData.FailsWith(StatusCode.NotFound, () => channel.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = accepted.TransferId }, mallory));
        await TestData.FailsWith(StatusCode.NotFound, () => channel.UnaryAsync(TransferMethods.Cancel, new CancelTransferRequest { TransferId = accepted.TransferId }, mallory));
        await TestData.FailsWith(StatusCode.NotFound, () => channel.UnaryAsync(TransferMethods.Pause, new PauseTransferRequest { TransferId = accepted.TransferId }, mallory));
        await TestData.FailsWith(StatusCode.NotFound, () => channel.UnaryAsync(TransferMethods.Resume, new ResumeTransferRequest { TransferId = accepted.TransferId }, mallory));
        Assert.Empty((await channel.UnaryAsync(TransferMethods.List, new ListTransfersRequest(), mallory)).Transfers);
        using (var watch = channel.ServerStreaming(TransferMethods.Watch, new WatchTransferRequest { TransferId = accepted.TransferId }, mallory))
        {
            await TestData.FailsWith(StatusCode.NotFound, () => watch.ResponseStream.MoveNext(ct));
        }

        var malloryClient = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = mallory.Headers!.GetValue("authorization")![7..] });
        await TestData.FailsWith(StatusCode.NotFound, () => malloryClient.GetUploadStatusAsync(accepted.UploadId, ct));
        await TestData.FailsWith(StatusCode.NotFound, () => malloryClient.AbortUploadAsync(accepted.UploadId, ct));
        await TestData.FailsWith(StatusCode.NotFound, () => malloryClient.GetUploadStatusAsync(media.UploadId, ct));
        await TestData.FailsWith(StatusCode.NotFound, () => malloryClient.DeleteMediaAsync(media.Media.MediaId, ct));

        // Alice still sees and controls all of it.
        var own = await channel.UnaryAsync(TransferMethods.Get, new GetTransferRequest { TransferId = accepted.TransferId }, alice);
        Assert.Equal(accepted.TransferId, own.Transfer.TransferId);
        await aliceClient.DeleteMediaAsync(media.Media.MediaId, ct);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", "The token has expired." },
        { "not-yet-valid", "The token is not valid yet." },
        { "wrong-audience", "The token is not meant for this service (audience)." },
        { "wrong-issuer", "The token's issuer is not accepted." },
        { "bad-signature", "The token is not signed, or not by an accepted key." },
        { "alg-none", "The token is not signed, or not by an accepted key." },
        { "malformed", "The token is malformed." },
        { "no-sub", "The token has no 'sub' claim to name its owner." },
        { "no-expiry", "The token has no expiry." },
    };

    [Theory(Timeout = TestData.Timeout)]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_token_is_unauthenticated_with_a_short_reason_and_nothing_of_the_key(string kind, string reason)
    {
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "expired" => _issuer.Mint("alice", notBefore: now.AddHours(-2), expires: now.AddHours(-1)),
            "not-yet-valid" => _issuer.Mint("alice", notBefore: now.AddHours(1), expires: now.AddHours(2)),
            "wrong-audience" => _issuer.Mint("alice", audience: "another-service"),
            "wrong-issuer" => _issuer.Mint("alice", issuer: "https://elsewhere.test"),
            "bad-signature" => _issuer.Mint("alice", key: System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            "alg-none" => TestTokenIssuer.Unsigned("alice"),
            "malformed" => "eyJhbGciOiJIUzI1NiJ9.not-json.c2ln",
            "no-sub" => _issuer.Mint(subject: null),
            "no-expiry" => _issuer.MintWithoutExpiry("alice"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var (channel, client) = _host.CreateClient(new MediaGrpcClientOptions { ApiKey = token });
        using (channel)
        {
            var refused = await TestData.FailsWith(StatusCode.Unauthenticated, () => client.GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));

            Assert.Equal(reason, refused.Status.Detail);
            Assert.DoesNotContain(_issuer.KeyBase64, refused.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(token, refused.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(refused.Trailers, t => t.Key == "grpc-status-details-bin");
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Call_without_credentials_is_told_what_it_may_send()
    {
        var (channel, client) = _host.CreateClient();
        using (channel)
        {
            var refused = await TestData.FailsWith(StatusCode.Unauthenticated, () => client.GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));

            Assert.Contains("API key", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("JWT", refused.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Refusal_is_a_trailers_only_grpc_status_not_an_http_401()
    {
        // What any gRPC client reads: HTTP 200, content-type application/grpc, and the
        // status in the headers of the only frame, which ends the stream.
        using var http = new HttpClient(new SocketsHttpHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Address, "/mediagrpc.v1.MediaService/GetMedia"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _issuer.Mint("alice", audience: "another-service"));

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, response + System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("16", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Contains("audience", Assert.Single(response.Headers.GetValues("grpc-message")), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
        Assert.Empty(body);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Unknown_method_of_a_media_service_needs_credentials_before_it_is_unimplemented()
    {
        var unknown = new Method<GetMediaRequest, GetMediaResponse>(
            MethodType.Unary, "mediagrpc.v1.MediaService", "NoSuchMethod", ContractMarshallers.GetMediaRequest, ContractMarshallers.GetMediaResponse);
        using var channel = _host.CreateChannel();
        var invoker = channel.CreateCallInvoker();

        await TestData.FailsWith(StatusCode.Unauthenticated, () => invoker.AsyncUnaryCall(unknown, null, default, new GetMediaRequest()).ResponseAsync);
        await TestData.FailsWith(StatusCode.Unimplemented, () => invoker.AsyncUnaryCall(unknown, null, As(_issuer.Mint("alice"), default), new GetMediaRequest()).ResponseAsync);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Health_and_reflection_need_no_credentials()
    {
        using var channel = _host.CreateChannel();
        var health = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = string.Empty });
        Assert.True(await reflection.ResponseStream.MoveNext(default));
        Assert.Contains(reflection.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "mediagrpc.v1.MediaService");
        await reflection.RequestStream.CompleteAsync();
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Owner_claim_is_configurable()
    {
        var root = Path.Combine(Path.GetTempPath(), "mediagrpc-jwt-claim-" + Guid.NewGuid().ToString("N"));
        await using (var host = await MediaServerHost.StartAsync(_issuer.Configure(MediaServerHost.LocalDisk(root), ownerClaim: "client_id")))
        {
            using var channel = host.CreateChannel();
            var byClientId = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = _issuer.Mint("user-1", claims: new Dictionary<string, object> { ["client_id"] = "billing" }) });
            var sameClient = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = _issuer.Mint("user-2", claims: new Dictionary<string, object> { ["client_id"] = "billing" }) });
            var noClientId = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = _issuer.Mint("user-1") });

            var upload = await byClientId.UploadAsync(new MemoryStream(TestData.Bytes(100)), new MediaSpec { DisplayName = "c.bin" });

            Assert.True((await sameClient.GetUploadStatusAsync(upload.UploadId)).Complete);
            var refused = await TestData.FailsWith(StatusCode.Unauthenticated, () => noClientId.GetUploadStatusAsync(upload.UploadId));
            Assert.Equal("The token has no 'client_id' claim to name its owner.", refused.Status.Detail);
        }

        Directory.Delete(root, recursive: true);
    }

    private static class ContractMarshallers
    {
        public static readonly Marshaller<GetMediaRequest> GetMediaRequest = Marshallers.Create(m => m.ToByteArray(), Contracts.V1.GetMediaRequest.Parser.ParseFrom);
        public static readonly Marshaller<GetMediaResponse> GetMediaResponse = Marshallers.Create(m => m.ToByteArray(), Contracts.V1.GetMediaResponse.Parser.ParseFrom);
    }

    private static CallOptions As(string token, CancellationToken ct) =>
        new(new Metadata { { "authorization", "Bearer " + token } }, cancellationToken: ct);
}
