using System.Globalization;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// An Azure Storage connection string, reduced to what the blob client needs.
/// </summary>
/// <remarks>
/// Format: <c>Key=Value</c> pairs separated by ';', keys case-insensitive, a value running to
/// the next ';' (account keys and SAS tokens contain '='). See
/// https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string .
/// Error messages name keys but never echo values: they may be secrets.
/// </remarks>
internal sealed class StorageConnectionString
{
    /// <summary>The emulator's well-known account (public documentation, not a secret).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string DevelopmentBlobEndpoint = "http://127.0.0.1:10000/" + DevelopmentAccountName;

    private StorageConnectionString(string? accountName, byte[]? accountKey, Uri blobEndpoint, string? sharedAccessSignature)
    {
        AccountName = accountName;
        AccountKey = accountKey;
        BlobEndpoint = blobEndpoint;
        SharedAccessSignature = sharedAccessSignature;
    }

    public string? AccountName { get; }

    /// <summary>The decoded account key for Shared Key authorization, or null when a SAS is used.</summary>
    public byte[]? AccountKey { get; }

    /// <summary>The blob service endpoint without a trailing '/'.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The SAS token without a leading '?', or null when the account key is used.</summary>
    public string? SharedAccessSignature { get; }

    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException("The connection string has a segment that is not Key=Value.");
            }

            var key = segment[..equals].Trim();
            if (!settings.TryAdd(key, segment[(equals + 1)..].Trim()))
            {
                throw new FormatException($"The connection string sets '{key}' twice.");
            }
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!string.Equals(development, "true", StringComparison.OrdinalIgnoreCase) || settings.Count != 1)
            {
                throw new FormatException("UseDevelopmentStorage must be 'true' and the only setting.");
            }

            return new StorageConnectionString(
                DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), new Uri(DevelopmentBlobEndpoint), null);
        }

        var accountName = Get(settings, "AccountName");
        var key64 = Get(settings, "AccountKey");
        var sas = Get(settings, "SharedAccessSignature")?.TrimStart('?');
        if ((key64 is null) == (sas is null))
        {
            throw new FormatException("The connection string needs exactly one of AccountKey and SharedAccessSignature.");
        }

        byte[]? accountKey = null;
        if (key64 is not null)
        {
            if (accountName is null)
            {
                throw new FormatException("AccountKey needs AccountName.");
            }

            accountKey = new byte[key64.Length];
            if (!Convert.TryFromBase64String(key64, accountKey, out var written) || written == 0)
            {
                throw new FormatException("AccountKey is not valid base64.");
            }

            accountKey = accountKey[..written];
        }

        return new StorageConnectionString(accountName, accountKey, BlobEndpointOf(settings, accountName), sas);
    }

    /// <summary>Names the account and endpoint only: the key and the SAS are secrets.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"AccountName={AccountName};BlobEndpoint={BlobEndpoint};Auth={(AccountKey is null ? "SharedAccessSignature" : "SharedKey")}");

    private static Uri BlobEndpointOf(Dictionary<string, string> settings, string? accountName)
    {
        string endpoint;
        if (Get(settings, "BlobEndpoint") is { } explicitEndpoint)
        {
            endpoint = explicitEndpoint;
        }
        else
        {
            if (accountName is null)
            {
                throw new FormatException("The connection string needs BlobEndpoint or AccountName.");
            }

            var protocol = Get(settings, "DefaultEndpointsProtocol") ?? "https";
            var suffix = Get(settings, "EndpointSuffix") ?? "core.windows.net";
            endpoint = $"{protocol}://{accountName}.blob.{suffix}";
        }

        if (!Uri.TryCreate(endpoint.TrimEnd('/'), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new FormatException("The blob endpoint must be an absolute http or https URL without query.");
        }

        return uri;
    }

    private static string? Get(Dictionary<string, string> settings, string key)
        => settings.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
