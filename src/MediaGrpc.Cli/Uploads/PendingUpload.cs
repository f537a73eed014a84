namespace MediaGrpc.Cli.Uploads;

/// <summary>An upload this tool started and has not seen finish, as remembered in the state folder.</summary>
/// <param name="Fingerprint">What the file and command were (see <see cref="UploadFingerprint"/>); the state file's name.</param>
/// <param name="Server">The server address.</param>
/// <param name="Path">The file's full path.</param>
/// <param name="Size">The file's size when the upload started.</param>
/// <param name="Modified">The file's last write time when the upload started.</param>
/// <param name="IdempotencyKey">The key the start carries; the server answers it with the same upload.</param>
/// <param name="UploadId">The upload ID, once the server accepted the upload.</param>
/// <param name="Updated">When this entry was last written.</param>
internal sealed record PendingUpload(
    string Fingerprint,
    string Server,
    string Path,
    long Size,
    DateTimeOffset Modified,
    string IdempotencyKey,
    string? UploadId,
    DateTimeOffset Updated);
