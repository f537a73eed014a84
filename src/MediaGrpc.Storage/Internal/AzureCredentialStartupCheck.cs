using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// With a token credential, gets one token for Azure Storage before the server serves: a pod
/// without its workload identity, or a machine without a managed identity, then stops at start-up
/// with one line saying what to configure, instead of answering its first upload with an error.
/// </summary>
internal sealed class AzureCredentialStartupCheck(
    AzureBlobStoreCredential credential,
    IOptions<AzureBlobStoreOptions> options,
    ILogger<AzureCredentialStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (credential.Token is not { } token || !options.Value.ValidateCredentialOnStart)
        {
            return;
        }

        try
        {
            var accessToken = await token.GetTokenAsync(new TokenRequestContext([AzureBlobServiceClientFactory.StorageScope]), cancellationToken);
            AzureBlobStoreLog.CredentialReady(logger, options.Value.ServiceUri!.Host, accessToken.ExpiresOn);
        }
        catch (AuthenticationFailedException e)
        {
            throw new InvalidOperationException(
                $"{AzureBlobStoreOptions.SectionName}:ServiceUri is set without AccountKey or SasToken, so DefaultAzureCredential must supply a token for Azure Storage, and it could not: {FirstLine(e.Message)} " +
                "Give the server an identity (workload identity, managed identity, AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or 'az login'), " +
                $"or configure {AzureBlobStoreOptions.SectionName}:ConnectionString, :AccountKey or :SasToken.",
                e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? message : message[..end]).TrimEnd();
    }
}
