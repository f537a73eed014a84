using Azure;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// The credential object of the process's service client, when the options call for one:
/// a token credential, shared with the start-up check so that the token it fetches is the one
/// requests then reuse; or, for <see cref="AzureBlobStoreOptions.SasToken"/>, a SAS credential
/// that follows the configuration, so a rotated token (a reloaded secret file, say) is used
/// from the next request on without a restart.
/// </summary>
internal sealed class AzureBlobStoreCredential : IDisposable
{
    private readonly IDisposable? _subscription;

    public AzureBlobStoreCredential(IOptionsMonitor<AzureBlobStoreOptions> monitor, ILogger<AzureBlobStoreCredential> logger)
    {
        var options = monitor.CurrentValue;
        if (AzureBlobServiceClientFactory.CredentialKind(options) == AzureBlobCredentialKind.TokenCredential)
        {
            Token = AzureBlobServiceClientFactory.CreateDefaultCredential(options);
        }
        else if (!string.IsNullOrWhiteSpace(options.SasToken))
        {
            var sas = new AzureSasCredential(options.SasToken.Trim());
            Sas = sas;
            _subscription = monitor.OnChange(changed =>
            {
                // Only a token replaces a token: switching to another kind of credential takes a restart.
                if (!string.IsNullOrWhiteSpace(changed.SasToken) && changed.SasToken.Trim() != sas.Signature)
                {
                    sas.Update(changed.SasToken.Trim());
                    AzureBlobStoreLog.SasTokenUpdated(logger);
                }
            });
        }
    }

    /// <summary>The token credential, or <see langword="null"/> for a connection string, key or SAS.</summary>
    public TokenCredential? Token { get; }

    /// <summary>The SAS credential when <see cref="AzureBlobStoreOptions.SasToken"/> is set.</summary>
    public AzureSasCredential? Sas { get; }

    public void Dispose() => _subscription?.Dispose();
}
