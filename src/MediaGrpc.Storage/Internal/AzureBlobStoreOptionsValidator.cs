using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// Start-up checks of <see cref="AzureBlobStoreOptions"/>: each failure is one line naming the
/// configuration key to fix, and never repeats a secret.
/// </summary>
internal sealed class AzureBlobStoreOptionsValidator : IValidateOptions<AzureBlobStoreOptions>
{
    private const string Section = AzureBlobStoreOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problem = CheckContainerName(options.ContainerName) ?? CheckAccount(options);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }

    /// <summary>
    /// Container names: 3 to 63 lower-case letters, digits and single hyphens, starting and
    /// ending with a letter or digit (the service's naming rules).
    /// </summary>
    public static string? CheckContainerName(string? containerName)
    {
        var valid = containerName is { Length: >= 3 and <= 63 }
            && containerName[0] != '-'
            && containerName[^1] != '-'
            && !containerName.Contains("--", StringComparison.Ordinal);
        foreach (var c in containerName ?? string.Empty)
        {
            valid &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';
        }

        return valid
            ? null
            : $"{Section}ContainerName '{containerName}' is not a container name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
    }

    private static string? CheckAccount(AzureBlobStoreOptions options)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString == (options.ServiceUri is not null))
        {
            return hasConnectionString
                ? $"{Section}ConnectionString and {Section}ServiceUri are both set: set one of them."
                : $"{Section}ConnectionString or {Section}ServiceUri is required when Storage:Provider is AzureBlob.";
        }

        return hasConnectionString ? CheckConnectionString(options) : CheckServiceUri(options);
    }

    private static string? CheckConnectionString(AzureBlobStoreOptions options)
    {
        foreach (var (value, key) in new[]
        {
            (options.AccountName, "AccountName"), (options.AccountKey, "AccountKey"), (options.SasToken, "SasToken"),
            (options.ManagedIdentityClientId, "ManagedIdentityClientId"),
        })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return $"{Section}{key} applies only with {Section}ServiceUri; the connection string already says how to authorize.";
            }
        }

        try
        {
            // The SDK's own parser; its message may quote the string, so it is not repeated.
            _ = new BlobServiceClient(options.ConnectionString);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return $"{Section}ConnectionString is not an Azure Storage connection string: expected AccountName=…;AccountKey=… or SharedAccessSignature=… (with BlobEndpoint=… or EndpointSuffix=…), or UseDevelopmentStorage=true.";
        }
    }

    private static string? CheckServiceUri(AzureBlobStoreOptions options)
    {
        var uri = options.ServiceUri!;
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"{Section}ServiceUri must be an absolute http(s) URL such as https://ACCOUNT.blob.core.windows.net.";
        }

        var hasKey = !string.IsNullOrWhiteSpace(options.AccountKey);
        var hasSas = !string.IsNullOrWhiteSpace(options.SasToken) || AzureBlobServiceClientFactory.HasSas(uri);
        if (hasKey && hasSas)
        {
            return $"{Section}AccountKey and a SAS ({Section}SasToken or the ServiceUri's query) are both set: set one of them.";
        }

        if (!string.IsNullOrWhiteSpace(options.SasToken) && AzureBlobServiceClientFactory.HasSas(uri))
        {
            return $"{Section}SasToken is set and {Section}ServiceUri carries a SAS too: set one of them.";
        }

        if (hasKey)
        {
            if (!IsBase64(options.AccountKey!))
            {
                return $"{Section}AccountKey is not a base64 account key.";
            }

            if (AzureBlobServiceClientFactory.AccountNameOf(options) is null)
            {
                return $"{Section}AccountName is required with {Section}AccountKey: it cannot be read from {Section}ServiceUri.";
            }
        }

        if ((hasKey || hasSas) && !string.IsNullOrWhiteSpace(options.ManagedIdentityClientId))
        {
            return $"{Section}ManagedIdentityClientId applies only without AccountKey or SAS (token credential).";
        }

        if (!hasKey && !hasSas && uri.Scheme != Uri.UriSchemeHttps)
        {
            // Azure.Core refuses to send bearer tokens in clear text.
            return $"{Section}ServiceUri must be https for a token credential; over http (Azurite) set {Section}AccountKey or {Section}SasToken.";
        }

        return null;
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written > 0;
    }
}
