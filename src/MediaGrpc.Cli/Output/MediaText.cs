using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using MediaGrpc.Contracts.V1;

namespace MediaGrpc.Cli.Output;

/// <summary>Records as plain text for people: one "key: value" per line, stored text made terminal-safe (<see cref="TerminalText"/>).</summary>
internal static class MediaText
{
    public static string Time(Timestamp? time) =>
        time is null ? "-" : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static IEnumerable<string> Lines(MediaRecord media)
    {
        yield return $"media_id:      {media.MediaId}";
        yield return $"display_name:  {TerminalText.Safe(media.DisplayName)}";
        yield return $"content_type:  {TerminalText.Safe(media.ContentType)}" + (media.DeclaredContentType.Length > 0 && media.DeclaredContentType != media.ContentType ? $" (declared {TerminalText.Safe(media.DeclaredContentType)})" : string.Empty);
        yield return string.Create(CultureInfo.InvariantCulture, $"size:          {media.Size} ({ByteSize.Format(media.Size)})");
        yield return $"sha256:        {Convert.ToHexStringLower(media.Sha256.Span)}";
        if (media.Width > 0 || media.Height > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"dimensions:    {media.Width}x{media.Height}");
        }

        yield return $"ttl_class:     {media.TtlClass}";
        yield return $"created:       {Time(media.CreateTime)}";
        yield return $"expires:       {Time(media.ExpireTime)}";
        yield return $"etag:          {media.Etag}";
        foreach (var (key, value) in media.CustomMetadata)
        {
            yield return $"metadata:      {TerminalText.Safe(key)}={TerminalText.Safe(value)}";
        }
    }
}
