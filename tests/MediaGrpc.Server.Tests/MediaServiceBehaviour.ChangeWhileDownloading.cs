using System.Globalization;
using System.Text.Json;
using MediaGrpc.Server.Media;
using MediaGrpc.Storage;
using MediaGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// A media deleted or replaced while its download flows, driven by a grpc-js client
/// (tests/interop/change-while-downloading.js): the download fails with the status the
/// contract documents, and the server sends at most its read-ahead plus one etag check
/// interval (Media:DownloadReadAheadBytes + Media:DownloadEtagCheckBytes, 4 + 8 MiB by
/// default) after the change returned.
/// </summary>
/// <remarks>
/// The client also sees bytes the server had sent before the change: grpc-js reads up to
/// 16 messages ahead of its application (16 chunks of 64 KiB, the script's chunk size) and
/// its HTTP/2 stream window (64 KiB) may be in flight, so those are allowed on top.
/// </remarks>
public abstract partial class MediaServiceBehaviour
{
    private const long MostBytesAfterChange = (4 * 1024 * 1024) + (8 * 1024 * 1024) + (16 * 64 * 1024) + (64 * 1024);

    [Theory(Timeout = 120_000)]
    [InlineData(false, 5)] // NOT_FOUND: the media is gone
    [InlineData(true, 9)] // FAILED_PRECONDITION: under if_match_etag, a vanished media fails the precondition
    public async Task Media_deleted_while_its_download_flows_fails_the_download_within_the_documented_bound(bool ifMatchEtag, int expectedCode)
    {
        using var node = await StartChangeWhileDownloadingAsync("delete", ifMatchEtag, readyPrefix: "{\"result\"");

        var result = await ReadOutcomeAsync(node);

        Assert.Equal(expectedCode, result.GetProperty("code").GetInt32());
        Assert.InRange(result.GetProperty("bytesAfterChange").GetInt64(), 0, MostBytesAfterChange);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Media_replaced_while_its_download_flows_fails_with_failed_precondition_within_the_documented_bound(bool ifMatchEtag)
    {
        using var node = await StartChangeWhileDownloadingAsync("replace", ifMatchEtag, readyPrefix: "{\"holding\"");
        var mediaId = JsonDocument.Parse(node.ReadyLine).RootElement.GetProperty("holding").GetProperty("mediaId").GetString()!;

        // No call replaces a media's bytes; an operator (or a storage fault) can: write new bytes under its name.
        var catalog = Host.Services.GetRequiredService<MediaCatalog>();
        var store = Host.Services.GetRequiredService<IBlobStore>();
        await store.PutAsync(MediaBlobNames.Content(catalog.DefaultTtl, mediaId), new byte[1024], new BlobCommitOptions(), CancellationToken.None);
        await node.SendLineAsync("replaced");

        var result = await ReadOutcomeAsync(node);

        Assert.Equal(9, result.GetProperty("code").GetInt32());
        Assert.InRange(result.GetProperty("bytesAfterChange").GetInt64(), 0, MostBytesAfterChange);
    }

    private Task<NodeProcess> StartChangeWhileDownloadingAsync(string change, bool ifMatchEtag, string readyPrefix)
    {
        List<string> arguments =
        [
            "--address", Host.Address.Authority,
            "--change", change,
            "--size", (20 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        ];
        if (ifMatchEtag)
        {
            arguments.Add("--etag");
        }

        return NodeProcess.StartAsync(
            Path.Combine(RepositoryPaths.Root, "tests", "interop", "change-while-downloading.js"),
            arguments,
            readyPrefix,
            TimeSpan.FromSeconds(90),
            CancellationToken.None);
    }

    /// <summary>The script's result: how the download ended and what still arrived after the change.</summary>
    private static async Task<JsonElement> ReadOutcomeAsync(NodeProcess node)
    {
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(90), CancellationToken.None);
        var output = node.CapturedOutput();
        Assert.True(exitCode == 0, $"the download completed or the script failed:\n{output}");
        var line = output.Split('\n').Single(l => l.StartsWith("{\"result\"", StringComparison.Ordinal));
        return JsonDocument.Parse(line).RootElement.GetProperty("result").Clone();
    }
}
