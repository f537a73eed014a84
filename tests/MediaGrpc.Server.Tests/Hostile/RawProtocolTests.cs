using System.Net;
using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace MediaGrpc.Server.Tests.Hostile;

/// <summary>
/// What no generated client sends, sent to the media service as raw bytes: strings that are
/// not UTF-8, floods of request metadata, more concurrent streams than a connection may
/// open. Each gets a documented status or a closed connection, and the server keeps serving.
/// </summary>
public sealed class RawProtocolTests(HostileServerFixture fixture, ITestOutputHelper output) : IClassFixture<HostileServerFixture>
{
    // UploadRequest{start{media{display_name: C3 28}}}: 0xC3 opens a two-byte sequence that 0x28 does not continue.
    private static readonly byte[] s_uploadStartWithInvalidUtf8 = [0x0A, 0x06, 0x12, 0x04, 0x0A, 0x02, 0xC3, 0x28];

    // GetMediaRequest / GetUploadStatusRequest{field 1: 22 bytes, one of them 0xFF, never valid in UTF-8}.
    private static readonly byte[] s_getMediaWithInvalidUtf8 = [0x0A, 22, .. "AAAAAAAAAAAAAAAAAAAAA"u8, 0xFF];

    [Fact(Timeout = TestData.Timeout)]
    public async Task Invalid_utf8_in_a_streamed_message_answers_internal_with_a_clear_message()
    {
        await AssertMalformedAnswersInternalAsync("/mediagrpc.v1.UploadService/Upload", s_uploadStartWithInvalidUtf8);
        await AssertStillServingAsync();
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Invalid_utf8_in_an_upload_service_unary_request_answers_internal_with_a_clear_message()
    {
        await AssertMalformedAnswersInternalAsync("/mediagrpc.v1.UploadService/GetUploadStatus", s_getMediaWithInvalidUtf8);
        await AssertStillServingAsync();
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Invalid_utf8_in_a_get_media_request_answers_internal_without_an_error_log()
    {
        await AssertMalformedAnswersInternalAsync("/mediagrpc.v1.MediaService/GetMedia", s_getMediaWithInvalidUtf8);
        Assert.Empty(fixture.Host.LoggedErrors);
        await AssertStillServingAsync();
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("/mediagrpc.v1.DownloadService/Read")]
    [InlineData("/mediagrpc.v1.TransferService/GetTransfer")]
    [InlineData("/mediagrpc.v1.TransferService/WatchTransfer")]
    [InlineData("/mediagrpc.v1.MediaService/DeleteMedia")]
    public async Task Truncated_protobuf_answers_internal_on_every_service(string path)
    {
        // Field 1, length 22, but only 3 bytes follow.
        await AssertMalformedAnswersInternalAsync(path, [0x0A, 22, 0x41, 0x41, 0x41]);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Two_thousand_small_metadata_entries_are_refused_and_the_connection_serves_on()
    {
        using var channel = fixture.Host.CreateChannel();
        var headers = new Metadata();
        for (var i = 0; i < 2000; i++)
        {
            headers.Add($"x-many-{i}", "v");
        }

        var error = await TestData.FailsWith(
            StatusCode.ResourceExhausted,
            () => new MediaService.MediaServiceClient(channel).GetMediaAsync(new GetMediaRequest { MediaId = Media.RandomId.New() }, headers).ResponseAsync);

        Assert.Contains("metadata", error.Status.Detail, StringComparison.Ordinal);
        await TestData.FailsWith(StatusCode.NotFound, () => new MediaGrpcClient(channel).GetMediaAsync(Media.RandomId.New()));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Metadata_past_the_hard_limit_is_refused_by_kestrel_with_http_431_and_the_server_serves_on()
    {
        // A raw connection, because a .NET client that has already read the server's
        // SETTINGS_MAX_HEADER_LIST_SIZE refuses to send such a request itself; other clients
        // do send it.
        using var connection = await RawHttp2Connection.ConnectAsync(fixture.Host.Address.Port);
        var metadata = Enumerable.Range(0, 40).Select(i => ($"x-huge-{i}", new string('h', 8000))); // 320 KB, past Kestrel's hard 256 KiB
        var block = RawHttp2Connection.GrpcRequestHeaders("/mediagrpc.v1.MediaService/GetMedia", metadata: metadata);
        await connection.Stream.WriteAsync(RawHttp2Connection.HeaderFrames(1, block, RawHttp2Connection.EndStream));

        var frames = await connection.ReadFramesAsync(
            TimeSpan.FromSeconds(10), f => f.StreamId == 1 && f.Type is RawHttp2Connection.Headers or RawHttp2Connection.RstStream);

        // Kestrel answers the stream 431 Request Header Fields Too Large before gRPC sees it
        // (HPACK: ":status" by its static index, the value as a plain literal); gRPC clients
        // map a non-200 HTTP status to INTERNAL (gRPC's HTTP-to-status mapping).
        var response = Assert.Single(frames, f => f.StreamId == 1 && f.Type == RawHttp2Connection.Headers);
        output.WriteLine($"320 KB of metadata: response headers {Convert.ToHexString(response.Payload)}");
        Assert.Contains("431", System.Text.Encoding.ASCII.GetString(response.Payload), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Streams_past_the_connection_limit_are_refused_and_the_open_ones_keep_working()
    {
        using var connection = await RawHttp2Connection.ConnectAsync(fixture.Host.Address.Port);
        var block = RawHttp2Connection.GrpcRequestHeaders("/mediagrpc.v1.DownloadService/Download");
        const int opened = 150;
        var batch = new MemoryStream();
        for (var i = 0; i < opened; i++)
        {
            // Each stream opens a Download call and sends nothing more: its handler waits for 'open'.
            batch.Write(RawHttp2Connection.Frame(RawHttp2Connection.Headers, RawHttp2Connection.EndHeaders, (2 * i) + 1, block));
        }

        await connection.Stream.WriteAsync(batch.ToArray());
        var refused = new HashSet<int>();
        var frames = await connection.ReadFramesAsync(TimeSpan.FromSeconds(5), f =>
        {
            // RST_STREAM REFUSED_STREAM (0x7), RFC 9113 §5.1.2.
            if (f.Type == RawHttp2Connection.RstStream && f.Payload is [0, 0, 0, 7])
            {
                refused.Add(f.StreamId);
            }

            return refused.Count >= opened - 100;
        });
        var advertised = MaxConcurrentStreams(frames);

        output.WriteLine($"advertised SETTINGS_MAX_CONCURRENT_STREAMS {advertised}; {opened} streams opened, {refused.Count} refused; connection closed: {connection.Closed}");
        Assert.Equal(100u, advertised);
        Assert.Equal(opened - 100, refused.Count);
        Assert.All(refused, id => Assert.True(id > 200, $"stream {id} was within the limit"));
        Assert.False(connection.Closed);
        await AssertStillServingAsync();
    }

    private static uint? MaxConcurrentStreams(IEnumerable<(byte Type, byte Flags, int StreamId, byte[] Payload)> frames)
    {
        foreach (var frame in frames.Where(f => f.Type == RawHttp2Connection.Settings && (f.Flags & RawHttp2Connection.Ack) == 0))
        {
            for (var i = 0; i + 6 <= frame.Payload.Length; i += 6)
            {
                if (frame.Payload[i] == 0 && frame.Payload[i + 1] == 3)
                {
                    return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame.Payload.AsSpan(i + 2));
                }
            }
        }

        return null;
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="path"/> as one raw frame; it must answer INTERNAL with the malformed-message text.</summary>
    private async Task AssertMalformedAnswersInternalAsync(string path, byte[] message)
    {
        using var http = RawGrpcRequest.CreateClient();
        using var response = await RawGrpcRequest.SendAsync(http, fixture.Host.Address, path, RawGrpcRequest.Frame(message));

        output.WriteLine($"{path}: grpc-status {RawGrpcRequest.GrpcStatus(response)}, grpc-message {GrpcMessage(response)}");
        Assert.Equal(StatusCode.Internal, RawGrpcRequest.GrpcStatus(response));
        Assert.Equal("Failed to deserialize a message.", GrpcMessage(response));
    }

    private static string? GrpcMessage(HttpResponseMessage response) =>
        RawGrpcRequest.Find(response.TrailingHeaders, "grpc-message") is { } m ? WebUtility.UrlDecode(m) : RawGrpcRequest.Find(response.Headers, "grpc-message");

    private async Task AssertStillServingAsync()
    {
        using var channel = fixture.Host.CreateChannel();
        var client = new MediaGrpcClient(channel);
        var upload = await client.UploadAsync(new MemoryStream(TestData.Bytes(1000, seed: 9)), new MediaSpec { DisplayName = "after" });
        Assert.Equal(1000, (await client.GetMediaAsync(upload.Media.MediaId)).Size);
    }
}
