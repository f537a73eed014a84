using Grpc.Net.Client;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>
/// <c>Grpc:Kestrel:BufferBlockSize</c> sets the blocks Kestrel's connections read into and
/// buffer in: Kestrel's own 4 KiB pool (0), the smallest and largest blocks allowed, and the
/// default all carry an upload and its download byte for byte.
/// </summary>
public sealed class BufferBlockSizeTests
{
    [Theory(Timeout = TestData.Timeout)]
    [InlineData("0")]
    [InlineData("4096")]
    [InlineData("1048576")]
    [InlineData(null)]
    public async Task Upload_and_download_return_every_byte_whatever_the_buffer_block_size(string? blockSize)
    {
        await using var host = await MediaServerHost.StartOnLocalDiskAsync(configuration => configuration["Grpc:Kestrel:BufferBlockSize"] = blockSize);
        using var channel = GrpcChannel.ForAddress(host.Address);
        var client = new MediaGrpcClient(channel);
        var content = TestData.Bytes((9 * 1024 * 1024) + 4321, seed: 17);

        var media = (await client.UploadAsync(new MemoryStream(content), new MediaSpec { DisplayName = "blocks.bin" })).Media;
        var downloaded = new MemoryStream();
        await client.DownloadAsync(media.MediaId, downloaded);

        Assert.Equal(content.Length, media.Size);
        Assert.True(content.AsSpan().SequenceEqual(downloaded.ToArray()), $"The download with blocks of {blockSize ?? "the default"} differs from the upload.");
    }
}
