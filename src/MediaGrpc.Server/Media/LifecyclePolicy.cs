using System.Text.Json;
using System.Text.Json.Nodes;

namespace MediaGrpc.Server.Media;

/// <summary>
/// The Azure Storage lifecycle management policy that deletes media when their TTL class
/// ends, one rule per class prefix, and unfinished-upload manifests after their expiry.
/// https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview
/// Print it with <c>dotnet run --project src/MediaGrpc.Server -- lifecycle-policy</c>.
/// </summary>
internal static class LifecyclePolicy
{
    public static string Build(MediaOptions options, string containerName)
    {
        var rules = new JsonArray();
        foreach (var ttl in options.TtlClasses)
        {
            rules.Add(Rule($"mediagrpc-{ttl.BlobPrefix}", $"{containerName}/{ttl.BlobPrefix}/", ttl.Days));
        }

        var uploadDays = (int)Math.Ceiling(options.UploadExpiry.TotalDays);
        rules.Add(Rule("mediagrpc-uploads", $"{containerName}/{MediaBlobNames.UploadsPrefix}/", uploadDays));
        var policy = new JsonObject { ["rules"] = rules };
        return policy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject Rule(string name, string prefix, int days) => new()
    {
        ["enabled"] = true,
        ["name"] = name,
        ["type"] = "Lifecycle",
        ["definition"] = new JsonObject
        {
            ["actions"] = new JsonObject
            {
                ["baseBlob"] = new JsonObject
                {
                    ["delete"] = new JsonObject { ["daysAfterCreationGreaterThan"] = days },
                },
            },
            ["filters"] = new JsonObject
            {
                ["blobTypes"] = new JsonArray("blockBlob"),
                ["prefixMatch"] = new JsonArray(prefix),
            },
        },
    };
}
