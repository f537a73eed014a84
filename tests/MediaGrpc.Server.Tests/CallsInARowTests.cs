using System.Globalization;
using System.Text.Json;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// Many quick bidirectional calls in a row on one connection: small downloads, as a client
/// fetching thumbnails makes them, and re-sends of a completed upload. Kestrel keeps, for a
/// few seconds, every stream whose call ended before the client half-closed, and refuses new
/// streams (ENHANCE_YOUR_CALM: RESOURCE_EXHAUSTED to the client) on a connection holding too
/// many; the server waits briefly for the half-close that ends the contract's conversations,
/// so none are kept. With the stream limit at 10, as here, a grpc-js client failed after about
/// 100 downloads when the server did not wait.
/// </summary>
public sealed class CallsInARowTests : IAsyncLifetime
{
    private const int Calls = 200;
    private MediaServerHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await MediaServerHost.StartOnLocalDiskAsync(configuration => configuration["Grpc:Kestrel:MaxStreamsPerConnection"] = "10");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public Task Grpc_js_client_half_closing_on_completed_downloads_200_times_in_a_row_on_one_channel() =>
        RunGrpcJsAsync("sequential-downloads.js");

    [Fact(Timeout = 120_000)]
    public async Task Sdk_downloads_200_times_in_a_row_on_one_channel_byte_identical()
    {
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        var content = TestData.Bytes(64 * 1024, seed: 61);
        var media = (await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "thumbnail" })).Media;

        for (var i = 0; i < Calls; i++)
        {
            using var copy = new MemoryStream();
            await client.DownloadAsync(media.MediaId, copy);
            Assert.True(copy.ToArray().AsSpan().SequenceEqual(content), $"download {i} differs");
        }

        Assert.Empty(_host.LoggedErrors);
    }

    [Fact(Timeout = 120_000)]
    public Task Grpc_js_client_re_sends_a_completed_upload_200_times_in_a_row_on_one_channel() =>
        RunGrpcJsAsync("sequential-resends.js");

    [Fact(Timeout = TestData.Timeout)]
    public async Task Client_that_never_half_closes_still_gets_every_byte_and_ok()
    {
        using var channel = _host.CreateChannel();
        var content = TestData.Bytes(64 * 1024, seed: 63);
        var media = (await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "thumbnail" })).Media;

        for (var i = 0; i < 3; i++)
        {
            using var call = channel.DuplexStreaming(ContractMethods.Download);
            await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = media.MediaId } });
            using var copy = new MemoryStream();
            var completed = false;
            while (await call.ResponseStream.MoveNext(default))
            {
                var response = call.ResponseStream.Current;
                if (response.Chunk is { } chunk)
                {
                    copy.Write(chunk.Data.Span);
                }

                completed |= response.Completed is not null;
            }

            Assert.True(completed);
            Assert.Equal(content, copy.ToArray());
            Assert.Equal(Grpc.Core.StatusCode.OK, call.GetStatus().StatusCode);
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Client_that_never_half_closes_after_re_sending_a_completed_upload_still_gets_ok()
    {
        using var channel = _host.CreateChannel();
        var content = TestData.Bytes(4096, seed: 64);
        var media = (await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "sent" }, idempotencyKey: "sent-once")).Media;

        using var call = channel.DuplexStreaming(ContractMethods.Upload);
        await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { Media = new MediaSpec { DisplayName = "sent" }, IdempotencyKey = "sent-once" } });
        var responses = new List<UploadResponse>();
        while (await call.ResponseStream.MoveNext(default))
        {
            responses.Add(call.ResponseStream.Current);
        }

        Assert.NotNull(responses[0].Accepted);
        Assert.Equal(media.MediaId, responses[^1].Completed.Media.MediaId);
        Assert.Equal(Grpc.Core.StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Sdk_downloader_downloads_200_times_in_a_row_on_one_channel_byte_identical()
    {
        using var channel = _host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        var content = TestData.Bytes(64 * 1024, seed: 62);
        var media = (await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "thumbnail" })).Media;
        var downloader = client.CreateDownloader();

        for (var i = 0; i < Calls; i++)
        {
            var copy = await downloader.DownloadToMemory(media.MediaId);
            Assert.True(copy.Content.Span.SequenceEqual(content), $"download {i} differs");
        }

        Assert.Empty(_host.LoggedErrors);
    }

    /// <summary>Runs a tests/interop script making <see cref="Calls"/> calls in a row; every one must have matched.</summary>
    private async Task RunGrpcJsAsync(string script)
    {
        var result = await CommandRunner.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Root, "tests", "interop", script),
             "--address", _host.Address.Authority,
             "--count", Calls.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(110));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var outcome = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(Calls, outcome.RootElement.GetProperty("matched").GetInt32());
        Assert.Empty(_host.LoggedErrors);
    }
}
