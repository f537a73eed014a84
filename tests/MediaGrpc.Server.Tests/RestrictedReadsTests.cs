using MediaGrpc.Testing;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>With Media:RestrictReadsToOwner, a media ID is no longer a capability: only its owner reads it.</summary>
public sealed class RestrictedReadsTests : IAsyncLifetime
{
    private const string AliceKey = TwoOwners.AliceKey;
    private const string BobKey = TwoOwners.BobKey;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() => _host = await MediaServerHost.StartOnLocalDiskAsync(configuration =>
    {
        configuration.WithKeys();
        configuration["Media:RestrictReadsToOwner"] = "true";
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = TestData.Timeout)]
    public async Task Only_the_owner_downloads_and_others_get_not_found_as_for_an_unknown_id()
    {
        var content = TestData.Bytes(200_000, seed: 50);
        using var channel = _host.CreateChannel();
        var alice = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = AliceKey });
        var bob = new MediaGrpcClient(channel, new MediaGrpcClientOptions { ApiKey = BobKey });
        var upload = await alice.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "private.jpg" });
        var mediaId = upload.Media.MediaId;

        var own = await alice.CreateDownloader().DownloadToMemory(mediaId);
        Assert.Equal(content, own.Content.ToArray());

        var notFound = await TestData.FailsWith(StatusCode.NotFound, () => bob.CreateDownloader().DownloadToMemory(mediaId).Completion);
        var unknown = await TestData.FailsWith(StatusCode.NotFound, () => bob.CreateDownloader().DownloadToMemory("AAAAAAAAAAAAAAAAAAAAAA").Completion);
        Assert.Equal(unknown.Status.Detail.Replace("AAAAAAAAAAAAAAAAAAAAAA", mediaId, StringComparison.Ordinal), notFound.Status.Detail);
        await TestData.FailsWith(StatusCode.NotFound, () => bob.GetMediaAsync(mediaId));
        await TestData.FailsWith(StatusCode.NotFound, () => bob.DownloadAsync(mediaId, new MemoryStream()));

        var headers = new Metadata { { "authorization", "Bearer " + BobKey } };
        using var read = channel.ServerStreaming(ContractMethods.Read, new ReadRequest { MediaId = mediaId }, new CallOptions(headers));
        await TestData.FailsWith(StatusCode.NotFound, () => read.ResponseStream.MoveNext(default));
    }
}
