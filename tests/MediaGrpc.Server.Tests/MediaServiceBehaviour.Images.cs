using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Xunit;

namespace MediaGrpc.Server.Tests;

/// <summary>Media records describe what the bytes are, whatever the client claimed.</summary>
public abstract partial class MediaServiceBehaviour
{
    public static TheoryData<string, byte[], string, uint, uint> ImageUploads => new()
    {
        { "photo.jpg", ImageSamples.Jpeg(1280, 720), "image/jpeg", 1280, 720 },
        { "icon.png", ImageSamples.Png(64, 48), "image/png", 64, 48 },
        { "old.bmp", ImageSamples.Bmp(10, 20), "image/bmp", 10, 20 },
        { "funny.gif", ImageSamples.Gif(500, 281), "image/gif", 500, 281 },
        { "sticker.webp", ImageSamples.WebPExtended(512, 512), "image/webp", 512, 512 },
    };

    [Theory(Timeout = TestData.Timeout)]
    [MemberData(nameof(ImageUploads))]
    public async Task Uploaded_image_gets_its_sniffed_type_and_dimensions(string name, byte[] image, string contentType, uint width, uint height)
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            // The client's claim is wrong on purpose: it is kept, but not believed.
            var spec = new MediaSpec { DisplayName = name, ContentType = "application/octet-stream", Kind = MediaKind.Image };
            var upload = await client.UploadAsync(new MemoryStream(image), spec);

            var media = await client.GetMediaAsync(upload.Media.MediaId);
            Assert.Equal(contentType, media.ContentType);
            Assert.Equal("application/octet-stream", media.DeclaredContentType);
            Assert.Equal((width, height), (media.Width, media.Height));
        }
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Client_supplied_dimensions_override_the_computed_ones()
    {
        var (channel, client) = Host.CreateClient();
        using (channel)
        {
            var spec = new MediaSpec { DisplayName = "rotated.png", Kind = MediaKind.Image, Width = 48, Height = 64 };
            var upload = await client.UploadAsync(new MemoryStream(ImageSamples.Png(64, 48)), spec);

            Assert.Equal((48u, 64u), (upload.Media.Width, upload.Media.Height));
        }
    }
}
