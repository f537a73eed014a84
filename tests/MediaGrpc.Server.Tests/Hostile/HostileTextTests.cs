using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Hostile;

/// <summary>
/// Text a client stores for people to read (display names, custom metadata) and the content
/// type it claims, when that text is hostile: paths, control characters, bidi overrides,
/// floods of combining marks, header injections. Each gets INVALID_ARGUMENT (or
/// RESOURCE_EXHAUSTED for size) without echoing the text, or is stored exactly as sent and
/// never used as a path (docs/security.md, "Hostile inputs and faults").
/// </summary>
public sealed partial class HostileTextTests(HostileServerFixture fixture) : IClassFixture<HostileServerFixture>
{
    // A marker that would start a forged log line if a CR/LF got through.
    private const string Forged = "FORGED-LOG-LINE";

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("../../../../etc/passwd")]
    [InlineData("..\\..\\windows\\win.ini")]
    [InlineData("/absolute/path.jpg")]
    [InlineData("..")]
    [InlineData("a/./b/../../c.txt")]
    [InlineData("C:\\evil.exe")]
    [InlineData("%2e%2e%2fescape.png")]
    public async Task Display_name_with_path_parts_is_stored_as_sent_and_never_becomes_a_path(string name)
    {
        var before = Directory.GetFileSystemEntries(fixture.Sandbox);
        var media = await UploadAsync(new MediaSpec { DisplayName = name });

        Assert.Equal(name, media.DisplayName);
        Assert.Equal(name, (await GetAsync(media.MediaId)).DisplayName);
        Assert.Equal(before, Directory.GetFileSystemEntries(fixture.Sandbox));
        Assert.All(fixture.StoredFiles(), file => Assert.Matches(StoreFileName(), file));
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("photo.jpg\r\n" + Forged)]
    [InlineData("photo.jpg\n" + Forged)]
    [InlineData("photo.jpg\r" + Forged)]
    [InlineData("nul\0" + Forged)]
    [InlineData("\u001b[31m" + Forged)]
    [InlineData("next\u0085line" + Forged)]
    [InlineData("line\u2028separator" + Forged)]
    [InlineData("tab\t" + Forged)]
    public async Task Display_name_with_control_characters_is_refused_without_echo_or_log_line(string name)
    {
        var error = await TestData.FailsWith(StatusCode.InvalidArgument, () => UploadAsync(new MediaSpec { DisplayName = name }));

        Assert.Contains("display_name must not contain control characters", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(Forged, StringComparison.Ordinal));

        // The refusal itself was logged (Grpc.AspNetCore logs every status detail): had the
        // detail echoed the name, the marker would be in the logs.
        Assert.Contains(fixture.Logs.Messages, m => m.Contains("display_name must not contain control characters", StringComparison.Ordinal));
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("invoice\u202Efdp.exe")]   // RIGHT-TO-LEFT OVERRIDE: shows as "invoiceexe.pdf"
    [InlineData("photo\u202Dgpj.exe")]    // LEFT-TO-RIGHT OVERRIDE
    [InlineData("a\u202Ab\u202C")]        // embedding ... pop
    [InlineData("a\u2067b\u2069")]        // RIGHT-TO-LEFT ISOLATE ... pop
    public async Task Display_name_with_bidi_override_is_refused(string name)
    {
        var error = await TestData.FailsWith(StatusCode.InvalidArgument, () => UploadAsync(new MediaSpec { DisplayName = name }));

        Assert.Contains("bidirectional override", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("صورة العطلة.jpg")]
    [InlineData("תמונה\u200F.jpg")]          // RIGHT-TO-LEFT MARK is not an override: kept
    [InlineData("照片 🎉 ünïcødé.png")]
    public async Task Right_to_left_and_other_scripts_are_stored_as_sent(string name)
    {
        var media = await UploadAsync(new MediaSpec { DisplayName = name });

        Assert.Equal(name, (await GetAsync(media.MediaId)).DisplayName);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Thirty_two_KiB_of_combining_marks_is_refused_and_a_short_run_is_stored_exactly()
    {
        var flood = "a" + new string('\u0301', 32 * 1024);
        var tooLong = await TestData.FailsWith(StatusCode.InvalidArgument, () => UploadAsync(new MediaSpec { DisplayName = flood }));
        Assert.Contains("display_name is longer than 255", tooLong.Status.Detail, StringComparison.Ordinal);

        var inMetadata = new MediaSpec { DisplayName = "zalgo" };
        inMetadata.CustomMetadata["caption"] = flood;
        var overSize = await TestData.FailsWith(StatusCode.ResourceExhausted, () => UploadAsync(inMetadata));
        Assert.Equal("max_metadata_size", Assert.Single(overSize.Details()).ToAnyOf<LimitExceeded>().Limit);

        // Within the limits, combining marks are text like any other: stored byte for byte.
        var name = "a" + new string('\u0301', 254);
        var fits = new MediaSpec { DisplayName = name };
        fits.CustomMetadata["caption"] = "b" + new string('\u0308', 8 * 1024);
        var media = await UploadAsync(fits);
        var stored = await GetAsync(media.MediaId);
        Assert.Equal(name, stored.DisplayName);
        Assert.Equal(fits.CustomMetadata["caption"], stored.CustomMetadata["caption"]);
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Custom_metadata_keys_and_values_with_path_parts_are_stored_as_sent()
    {
        var spec = new MediaSpec { DisplayName = "meta" };
        spec.CustomMetadata["../../etc/passwd"] = "../../../root";
        spec.CustomMetadata["a/b\\c"] = "C:\\Windows";
        spec.CustomMetadata[".."] = "multi\nline\r\nvalue\twith tab";
        var media = await UploadAsync(spec);

        var stored = await GetAsync(media.MediaId);
        Assert.Equal(spec.CustomMetadata, stored.CustomMetadata);
        Assert.All(fixture.StoredFiles(), file => Assert.Matches(StoreFileName(), file));
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("", "v", "custom_metadata keys")]
    [InlineData("key\r\n" + Forged, "v", "custom_metadata keys")]
    [InlineData("key\u202E", "v", "custom_metadata keys")]
    [InlineData("k", "nul\0" + Forged, "custom_metadata values")]
    [InlineData("k", "\u001b]0;title\u0007" + Forged, "custom_metadata values")]
    [InlineData("k", "spoof\u202Egpj.exe", "custom_metadata values")]
    public async Task Custom_metadata_with_control_or_bidi_characters_is_refused(string key, string value, string rule)
    {
        var spec = new MediaSpec { DisplayName = "meta" };
        spec.CustomMetadata[key] = value;

        var error = await TestData.FailsWith(StatusCode.InvalidArgument, () => UploadAsync(spec));

        Assert.Contains(rule, error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(Forged, StringComparison.Ordinal));
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\"")]
    [InlineData("text/plain;charset=utf-8")]
    [InlineData("application/vnd.api+json")]
    [InlineData("multipart/form-data; boundary=\"a\\\"b\"")]
    public async Task Content_type_with_parameters_is_kept_as_the_declared_type(string contentType)
    {
        var media = await UploadAsync(new MediaSpec { DisplayName = "typed", ContentType = contentType });

        Assert.Equal(contentType, media.DeclaredContentType);
        Assert.Equal(contentType, media.ContentType); // random bytes: nothing sniffed, so the claim stands
    }

    [Theory(Timeout = TestData.Timeout)]
    [InlineData("text/html\r\nX-Injected: " + Forged)]
    [InlineData("text/html\nSet-Cookie: a=" + Forged)]
    [InlineData(" video/mp4")]
    [InlineData("video/mp4 ")]
    [InlineData("video")]
    [InlineData("../../etc/passwd")]
    [InlineData("video/mp4; codecs=\"unterminated")]
    [InlineData("text/plain; charset")]
    [InlineData("vidéo/mp4")]
    [InlineData("video/mp4\t")]
    public async Task Content_type_that_is_not_a_media_type_is_refused(string contentType)
    {
        var error = await TestData.FailsWith(StatusCode.InvalidArgument, () => UploadAsync(new MediaSpec { DisplayName = "typed", ContentType = contentType }));

        Assert.Contains("content_type must be a media type", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(Forged, StringComparison.Ordinal));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Content_type_of_256_characters_is_refused()
    {
        var contentType = "application/" + new string('x', 256 - "application/".Length);

        await TestData.FailsWith(StatusCode.InvalidArgument, () => UploadAsync(new MediaSpec { DisplayName = "typed", ContentType = contentType }));
    }

    [Fact(Timeout = TestData.Timeout)]
    public async Task Idempotency_key_with_path_parts_and_line_breaks_is_only_ever_hashed()
    {
        const string key = "../../../../tmp/owned\r\n" + Forged;
        var before = Directory.GetFileSystemEntries(fixture.Sandbox);
        using var channel = fixture.Host.CreateChannel();
        var client = new MediaGrpcClient(channel, new MediaGrpcClientOptions { MaxUploadAttempts = 1 });

        var first = await client.UploadAsync(new MemoryStream(TestData.Bytes(100, seed: 16)), new MediaSpec { DisplayName = "k" }, idempotencyKey: key);
        var again = await client.UploadAsync(new MemoryStream(TestData.Bytes(100, seed: 16)), new MediaSpec { DisplayName = "k" }, idempotencyKey: key);

        Assert.Equal(first.Media.MediaId, again.Media.MediaId);
        Assert.Equal(before, Directory.GetFileSystemEntries(fixture.Sandbox));
        Assert.All(fixture.StoredFiles(), file => Assert.Matches(StoreFileName(), file));
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(Forged, StringComparison.Ordinal));
    }

    [GeneratedRegex("^[A-Za-z0-9._~/-]+$")]
    private static partial Regex StoreFileName();

    private async Task<MediaRecord> GetAsync(string mediaId)
    {
        using var channel = fixture.Host.CreateChannel();
        return await new MediaGrpcClient(channel).GetMediaAsync(mediaId);
    }

    private async Task<MediaRecord> UploadAsync(MediaSpec spec)
    {
        using var channel = fixture.Host.CreateChannel();
        var client = new MediaGrpcClient(channel, new MediaGrpcClientOptions { MaxUploadAttempts = 1 });
        return (await client.UploadAsync(new MemoryStream(TestData.Bytes(100, seed: 15)), spec)).Media;
    }
}
