using MediaGrpc.Server.Media;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>Content types and image dimensions read from the bytes, not from the client's claim.</summary>
public sealed class MediaSniffingTests
{
    public static TheoryData<string, byte[], string, uint, uint> Images => new()
    {
        { "png", ImageSamples.Png(640, 480), "image/png", 640, 480 },
        { "gif", ImageSamples.Gif(320, 200), "image/gif", 320, 200 },
        { "bmp", ImageSamples.Bmp(33, 17), "image/bmp", 33, 17 },
        { "bmp top-down", ImageSamples.Bmp(7, 5, topDown: true), "image/bmp", 7, 5 },
        { "jpeg", ImageSamples.Jpeg(1920, 1080), "image/jpeg", 1920, 1080 },
        { "webp extended", ImageSamples.WebPExtended(4000, 3000), "image/webp", 4000, 3000 },
        { "webp lossless", ImageSamples.WebPLossless(16383, 2), "image/webp", 16383, 2 },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Image_format_and_dimensions_come_from_the_header(string format, byte[] image, string contentType, uint width, uint height)
    {
        var sniffed = ContentSniffer.Sniff(image);

        Assert.True(contentType == sniffed, format);
        Assert.True(ImageDimensions.TryRead(sniffed!, image, out var w, out var h), format);
        Assert.Equal((width, height), (w, h));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Truncated_image_header_gives_no_dimensions_and_no_crash(string format, byte[] image, string contentType, uint width, uint height)
    {
        _ = (format, width, height);
        for (var length = 0; length < Math.Min(image.Length, 64); length++)
        {
            ImageDimensions.TryRead(contentType, image.AsSpan(0, length), out _, out _);
        }
    }

    [Fact]
    public void Unknown_bytes_are_not_given_a_type() => Assert.Null(ContentSniffer.Sniff("just some text"u8));
}
