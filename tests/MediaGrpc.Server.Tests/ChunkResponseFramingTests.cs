using Grpc.Core;
using Grpc.Net.Client;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// Chunks of 64 KiB and more are written into the response in large spans, smaller messages
/// as protobuf writes them; with gzip responses the same messages go through a compression
/// buffer instead. Either way a client reads every byte once, in order, at its offset.
/// </summary>
public sealed class ChunkResponseFramingTests
{
    // A chunk message is its data and about 12 bytes of fields: 65_520 bytes of data make a
    // message just under 64 KiB, 65_530 one just over.
    private static readonly int[] s_chunkSizes = [4096, 65_520, 65_530, 64 * 1024, 1024 * 1024, 2 * 1024 * 1024];

    [Theory(Timeout = TestData.Timeout)]
    [InlineData(null)]
    [InlineData("gzip")]
    public async Task Download_at_chunk_sizes_around_64_KiB_and_Read_return_every_byte_at_its_offset(string? responseCompression)
    {
        await using var host = await MediaServerHost.StartOnLocalDiskAsync(configuration => configuration["Grpc:ResponseCompression"] = responseCompression);
        var encodings = new ResponseEncodings();
        using var channel = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { HttpHandler = encodings, DisposeHttpClient = true });
        var content = TestData.Bytes((3 * 1024 * 1024) + 12_345, seed: 91);
        var media = (await new MediaGrpcClient(channel).UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "framing.bin" })).Media;

        foreach (var chunkSize in s_chunkSizes)
        {
            var downloaded = await DownloadAsync(channel, media.MediaId, chunkSize);

            Assert.True(content.AsSpan().SequenceEqual(downloaded), $"Download in chunks of {chunkSize} differs.");
            Assert.Equal(responseCompression, encodings.Last);
        }

        // Read takes the server's chunk size (256 KiB by default).
        var read = await ReadAsync(channel, media.MediaId);
        Assert.True(content.AsSpan().SequenceEqual(read), "Read differs.");
        Assert.Equal(responseCompression, encodings.Last);
    }

    private static async Task<byte[]> DownloadAsync(GrpcChannel channel, string mediaId, int chunkSize)
    {
        using var call = channel.DuplexStreaming(ContractMethods.Download);
        await call.RequestStream.WriteAsync(new DownloadRequest { Open = new DownloadOpen { MediaId = mediaId, ChunkSize = chunkSize } });
        var bytes = new MemoryStream();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var response = call.ResponseStream.Current;
            if (response.Chunk is { } chunk)
            {
                Assert.Equal(bytes.Length, chunk.Offset);
                Assert.InRange(chunk.Data.Length, 1, chunkSize);
                chunk.Data.WriteTo(bytes);
            }
            else if (response.Completed is not null)
            {
                await call.RequestStream.CompleteAsync();
            }
        }

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        return bytes.ToArray();
    }

    private static async Task<byte[]> ReadAsync(GrpcChannel channel, string mediaId)
    {
        using var call = channel.ServerStreaming(ContractMethods.Read, new ReadRequest { MediaId = mediaId });
        var bytes = new MemoryStream();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var chunk = call.ResponseStream.Current;
            Assert.Equal(bytes.Length, chunk.Offset);
            Assert.NotEqual(0, chunk.Data.Length);
            chunk.Data.WriteTo(bytes);
        }

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        return bytes.ToArray();
    }

    /// <summary>
    /// The grpc-encoding response header of the last call: Grpc.Net.Client keeps it out of
    /// the metadata it shows, so it is read on the HTTP response.
    /// </summary>
    private sealed class ResponseEncodings() : DelegatingHandler(new SocketsHttpHandler())
    {
        public string? Last { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Last = response.Headers.TryGetValues("grpc-encoding", out var values) ? values.Single() : null;
            return response;
        }
    }
}
