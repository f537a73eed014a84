using Azure;

namespace MediaGrpc.Storage.Internal;

/// <summary>ETags as the port carries them: quoted, as in the HTTP header, whatever form the SDK kept.</summary>
internal static class AzureETags
{
    public static string ToHeader(ETag etag) => etag.ToString("H");
}
