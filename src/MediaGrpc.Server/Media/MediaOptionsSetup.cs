using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Media;

/// <summary>Fills in the default TTL classes and validates media options at start-up.</summary>
internal sealed class MediaOptionsSetup : IPostConfigureOptions<MediaOptions>, IValidateOptions<MediaOptions>
{
    public void PostConfigure(string? name, MediaOptions options)
    {
        if (options.TtlClasses.Count == 0)
        {
            options.TtlClasses.Add(new TtlClass { Name = "7d", Days = 7 });
            options.TtlClasses.Add(new TtlClass { Name = "1d", Days = 1 });
            options.TtlClasses.Add(new TtlClass { Name = "30d", Days = 30 });
        }
    }

    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        var failures = new List<string>();
        if (options.MaxMediaSize <= 0)
        {
            failures.Add("Media:MaxMediaSize must be positive.");
        }

        if (options.MaxChunkSize <= 0 || options.BlockSize <= 0)
        {
            failures.Add("Media:MaxChunkSize and Media:BlockSize must be positive.");
        }

        if (options.DefaultDownloadChunkSize <= 0 || options.MaxDownloadChunkSize < options.DefaultDownloadChunkSize)
        {
            failures.Add("Media:DefaultDownloadChunkSize must be positive and at most Media:MaxDownloadChunkSize.");
        }

        if (options.DownloadReadAheadBytes < 1024)
        {
            failures.Add("Media:DownloadReadAheadBytes must be at least 1024.");
        }

        if (options.DownloadEtagCheckBytes < 1024)
        {
            failures.Add("Media:DownloadEtagCheckBytes must be at least 1024.");
        }

        if (options.MaxPauseDuration <= TimeSpan.Zero)
        {
            failures.Add("Media:MaxPauseDuration must be positive.");
        }

        // A timer takes at most 2^32 - 2 ms (about 49 days).
        if (options.DownloadStallTimeout <= TimeSpan.Zero || options.DownloadStallTimeout > TimeSpan.FromDays(49))
        {
            failures.Add("Media:DownloadStallTimeout must be positive and at most 49 days.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ttl in options.TtlClasses)
        {
            if (ttl.Name.Length is 0 or > 16 || !ttl.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                failures.Add($"Media:TtlClasses name '{ttl.Name}' must be 1-16 lower-case letters or digits.");
            }

            if (ttl.Days <= 0)
            {
                failures.Add($"Media:TtlClasses '{ttl.Name}' must have positive Days.");
            }

            if (!names.Add(ttl.Name))
            {
                failures.Add($"Media:TtlClasses name '{ttl.Name}' appears twice.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
