using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Hostile;

/// <summary>
/// Media, upload and transfer IDs of every shape, on every call that takes one: a malformed
/// ID answers INVALID_ARGUMENT with a short detail that never echoes it (it may be megabytes
/// long or hold line breaks, and status details reach the logs); a well-formed unknown one
/// answers NOT_FOUND. Nothing becomes a path: the store holds no new file.
/// </summary>
public sealed class HostileIdTests(HostileServerFixture fixture) : IClassFixture<HostileServerFixture>
{
    private const string Forged = "FORGED-LOG-LINE";

    public static TheoryData<string, string> MalformedIds => new()
    {
        { "empty", string.Empty },
        { "1 MiB long", new string('A', 1024 * 1024) },
        { "23 characters", new string('A', 23) },
        { "dot-dot-slash", "../../../../etc/passwd" },
        { "22 with slash", "AAAAAAAAAA/../AAAAAAAA" },
        { "22 dots", new string('.', 22) },
        { "url-encoded", "%2e%2e%2f%2e%2e%2fetc%2fpasswd" },
        { "nul inside", "AAAAAAAAAA\0AAAAAAAAAAA" },
        { "crlf inside", "AAAAAAAAAA\r\n" + Forged },
        { "unicode 22", "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕ" },
        { "fullwidth 22", "ＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡ" },
        { "padding", "AAAAAAAAAAAAAAAAAAAA==" },
    };

    [Theory(Timeout = TestData.Timeout)]
    [MemberData(nameof(MalformedIds))]
    public async Task Malformed_id_is_refused_on_every_call_without_echo(string shape, string id)
    {
        using var channel = fixture.Host.CreateChannel();
        var filesBefore = fixture.StoredFiles();

        foreach (var (call, attempt) in Calls(channel, id))
        {
            var error = await Assert.ThrowsAsync<RpcException>(attempt);
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{shape}: {call} answered {error.Status}.");
            Assert.Contains("is not a well-formed ID", error.Status.Detail, StringComparison.Ordinal);
            Assert.True(error.Status.Detail.Length < 100, $"{call}: the detail echoes the ID ({error.Status.Detail.Length} characters).");
        }

        Assert.Equal(filesBefore, fixture.StoredFiles());
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(Forged, StringComparison.Ordinal));
        Assert.Empty(fixture.Host.LoggedErrors);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Well_formed_unknown_id_answers_not_found_on_every_call()
    {
        using var channel = fixture.Host.CreateChannel();
        var unknown = Media.RandomId.New();

        foreach (var (call, attempt) in Calls(channel, unknown))
        {
            var error = await Assert.ThrowsAsync<RpcException>(attempt);
            Assert.True(error.StatusCode == StatusCode.NotFound, $"{call} answered {error.Status}.");
        }
    }

    private static IEnumerable<(string Call, Func<Task> Attempt)> Calls(GrpcChannel channel, string id)
    {
        var media = new MediaService.MediaServiceClient(channel);
        var upload = new UploadService.UploadServiceClient(channel);
        var download = new DownloadService.DownloadServiceClient(channel);
        var transfers = new TransferService.TransferServiceClient(channel);
        yield return ("GetMedia", async () => await media.GetMediaAsync(new GetMediaRequest { MediaId = id }));
        yield return ("DeleteMedia", async () => await media.DeleteMediaAsync(new DeleteMediaRequest { MediaId = id }));
        yield return ("GetUploadStatus", async () => await upload.GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = id }));
        yield return ("AbortUpload", async () => await upload.AbortUploadAsync(new AbortUploadRequest { UploadId = id }));
        yield return ("GetTransfer", async () => await transfers.GetTransferAsync(new GetTransferRequest { TransferId = id }));
        yield return ("CancelTransfer", async () => await transfers.CancelTransferAsync(new CancelTransferRequest { TransferId = id }));
        yield return ("PauseTransfer", async () => await transfers.PauseTransferAsync(new PauseTransferRequest { TransferId = id }));
        yield return ("Read", async () =>
        {
            using var call = download.Read(new ReadRequest { MediaId = id });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });
        yield return ("Download(open)", async () =>
        {
            using var call = download.Download();
            await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = id } });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });
        if (id.Length > 0)
        {
            // An empty upload_id starts a new upload rather than naming one.
            yield return ("Upload(start)", async () =>
            {
                using var call = upload.Upload();
                await call.RequestStream.WriteAsync(new UploadRequest { Start = new UploadStart { UploadId = id } });
                await call.ResponseStream.MoveNext(CancellationToken.None);
            });
        }
    }
}
