using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>Refuses to start without a readable trusted CA file holding at least one certificate.</summary>
internal sealed class ClientCertificateOptionsValidator : IValidateOptions<ClientCertificateOptions>
{
    private const string Section = IdentitySources.CertificateSection;

    public ValidateOptionsResult Validate(string? name, ClientCertificateOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TrustedCaFile))
        {
            return ValidateOptionsResult.Fail($"{Section}:TrustedCaFile is required: the PEM file of the authorities client certificates chain to.");
        }

        try
        {
            return TrustedAuthorities.Load(options.TrustedCaFile).Count > 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{Section}:TrustedCaFile '{options.TrustedCaFile}' holds no PEM certificate.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return ValidateOptionsResult.Fail($"{Section}:TrustedCaFile '{options.TrustedCaFile}' cannot be read: {e.Message}");
        }
    }
}
