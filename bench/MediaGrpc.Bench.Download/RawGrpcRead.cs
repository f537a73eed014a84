using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Bench.Download;

/// <summary>
/// The service's Download call read by a plain HttpClient instead of Grpc.Net.Client: the
/// response body (gRPC frames: header message, chunks, completed) is read and discarded as
/// the relay's body is. Only a diagnostic: beside the full gRPC path it splits what the
/// server side costs from what the gRPC client costs.
/// </summary>
internal sealed class RawGrpcRead(Uri address) : IDisposable
{
    private readonly HttpClient _client = new(MediaGrpcChannels.CreateHandler());

    /// <summary>Opens a download of the first <paramref name="length"/> bytes of <paramref name="mediaId"/> in chunks of <paramref name="chunkSize"/> and returns its response body.</summary>
    public async Task<Stream> OpenAsync(string mediaId, int chunkSize, long length)
    {
        var open = new DownloadRequest { Open = new DownloadOpen { MediaId = mediaId, ChunkSize = chunkSize, ReadLimit = length } }.ToByteArray();
        var frame = new byte[5 + open.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)open.Length);
        open.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/" + DownloadService.Descriptor.FullName + "/Download"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStreamAsync();
    }

    public void Dispose() => _client.Dispose();
}
