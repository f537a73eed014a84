using System.Text.Json;
using MediaGrpc.Client;
using MediaGrpc.Contracts.V1;
using Grpc.Net.Client;

namespace MediaGrpc.Cli.Tests;

/// <summary>Looks at the server through the SDK, independently of the tool: upload status and media records.</summary>
internal static class SdkProbe
{
    public static async Task<GetUploadStatusResponse> UploadStatusAsync(Uri server, string uploadId)
    {
        using var channel = GrpcChannel.ForAddress(server);
        return await new MediaGrpcClient(channel).GetUploadStatusAsync(uploadId);
    }

    public static async Task<MediaRecord> MediaAsync(Uri server, string mediaId)
    {
        using var channel = GrpcChannel.ForAddress(server);
        return await new MediaGrpcClient(channel).GetMediaAsync(mediaId);
    }

    /// <summary>The upload ID the tool remembered in its state folder, once the server accepted the upload.</summary>
    public static async Task<string> RememberedUploadIdAsync(string stateFolder, TimeSpan timeout)
    {
        var folder = Path.Combine(stateFolder, "uploads");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(folder))
            {
                foreach (var path in Directory.EnumerateFiles(folder, "*.json"))
                {
                    using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
                    if (document.RootElement.TryGetProperty("uploadId", out var id) && id.GetString() is { Length: > 0 } uploadId)
                    {
                        return uploadId;
                    }
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No upload ID was remembered in {folder} within {timeout}.");
    }

    /// <summary>Waits until the server holds at least <paramref name="bytes"/> of the upload durably.</summary>
    public static async Task<long> WaitForPersistedAsync(Uri server, string uploadId, long bytes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await UploadStatusAsync(server, uploadId);
            if (status.PersistedOffset >= bytes || DateTime.UtcNow >= deadline)
            {
                return status.PersistedOffset;
            }

            await Task.Delay(20);
        }
    }
}
