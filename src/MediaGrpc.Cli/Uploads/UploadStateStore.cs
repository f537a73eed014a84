using System.Text.Json;

namespace MediaGrpc.Cli.Uploads;

/// <summary>
/// The state folder: one small JSON file per unfinished upload, named by its fingerprint,
/// written when the server accepts the upload and deleted when it completes. The folder is
/// <c>$MEDIAGRPC_STATE_DIR</c>, else <c>$XDG_STATE_HOME/mediagrpc</c>, else
/// <c>~/.local/state/mediagrpc</c>; uploads live under <c>uploads/</c>.
/// </summary>
internal sealed class UploadStateStore(string folder)
{
    public const string FolderVariable = "MEDIAGRPC_STATE_DIR";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder { get; } = folder;

    public static UploadStateStore FromEnvironment()
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        if (string.IsNullOrEmpty(folder))
        {
            var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            if (string.IsNullOrEmpty(stateHome))
            {
                stateHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            }

            folder = Path.Combine(stateHome, "mediagrpc");
        }

        return new UploadStateStore(Path.Combine(folder, "uploads"));
    }

    public PendingUpload? Find(string fingerprint)
    {
        var path = PathOf(fingerprint);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>Writes the entry atomically (a new file renamed over the old), so a kill never leaves half of one.</summary>
    public void Save(PendingUpload upload)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(upload.Fingerprint);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(upload, s_json));
        File.Move(temporary, path, overwrite: true);
    }

    public void Remove(string fingerprint) => File.Delete(PathOf(fingerprint));

    /// <summary>Every remembered upload, oldest first; unreadable entries are skipped.</summary>
    public IReadOnlyList<PendingUpload> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var uploads = new List<PendingUpload>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json"))
        {
            if (Read(path) is { } upload)
            {
                uploads.Add(upload);
            }
        }

        return [.. uploads.OrderBy(upload => upload.Updated)];
    }

    private static PendingUpload? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<PendingUpload>(File.ReadAllText(path), s_json);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // A damaged entry only loses the note; the server still resumes by idempotency key.
            return null;
        }
    }

    private string PathOf(string fingerprint) => Path.Combine(Folder, fingerprint + ".json");
}
