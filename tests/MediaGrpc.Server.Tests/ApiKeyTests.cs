using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>Caller identity from configured API keys: owners are kept apart, health stays open.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string AliceKey = TwoOwners.AliceKey;
    private const string BobKey = TwoOwners.BobKey;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await MediaServerHost.StartOnLocalDiskAsync(configuration => configuration.WithKeys());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Call_without_a_key_is_unauthenticated()
    {
        var (channel, client) = _host.CreateClient();
        using (channel)
        {
            await TestData.FailsWith(StatusCode.Unauthenticated, () => client.GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Call_with_an_unknown_key_is_unauthenticated()
    {
        var (channel, client) = _host.CreateClient(new MediaGrpcClientOptions { ApiKey = "not-a-configured-key" });
        using (channel)
        {
            await TestData.FailsWith(StatusCode.Unauthenticated, () => client.GetMediaAsync("AAAAAAAAAAAAAAAAAAAAAA"));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Another_owners_upload_and_media_are_not_found_for_control_but_readable_by_id()
    {
        var (aliceChannel, alice) = _host.CreateClient(new MediaGrpcClientOptions { ApiKey = AliceKey });
        var (bobChannel, bob) = _host.CreateClient(new MediaGrpcClientOptions { ApiKey = BobKey });
        using (aliceChannel)
        using (bobChannel)
        {
            var upload = await alice.UploadAsync(new MemoryStream(TestData.Bytes(1000)), new MediaSpec { DisplayName = "alice.jpg" });

            await TestData.FailsWith(StatusCode.NotFound, () => bob.GetUploadStatusAsync(upload.UploadId));
            await TestData.FailsWith(StatusCode.NotFound, () => bob.DeleteMediaAsync(upload.Media.MediaId));

            // A media ID is a capability: any authenticated caller may read it while it lives.
            var seen = await bob.GetMediaAsync(upload.Media.MediaId);
            Assert.Equal(upload.Media.Sha256, seen.Sha256);
            Assert.True((await alice.GetUploadStatusAsync(upload.UploadId)).Complete);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Health_needs_no_key()
    {
        using var channel = _host.CreateChannel();
        var response = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());

        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
