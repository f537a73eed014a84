using MediaGrpc.Server.Identity;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>Client certificates need a readable trusted CA file holding a certificate, or the server does not start.</summary>
public sealed class ClientCertificateOptionsValidatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mediagrpc-ca-options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Missing_unreadable_or_empty_ca_files_are_refused_by_name()
    {
        var validator = new ClientCertificateOptionsValidator();
        var notPem = Path.Combine(_folder, "not.pem");
        File.WriteAllText(notPem, "no certificate here");
        var missing = Path.Combine(_folder, "missing.pem");

        Assert.Equal(
            ["Authentication:Certificate:TrustedCaFile is required: the PEM file of the authorities client certificates chain to."],
            validator.Validate(null, new ClientCertificateOptions()).Failures);
        Assert.Equal(
            [$"Authentication:Certificate:TrustedCaFile '{notPem}' holds no PEM certificate."],
            validator.Validate(null, new ClientCertificateOptions { TrustedCaFile = notPem }).Failures);
        Assert.StartsWith(
            $"Authentication:Certificate:TrustedCaFile '{missing}' cannot be read",
            Assert.Single(validator.Validate(null, new ClientCertificateOptions { TrustedCaFile = missing }).Failures!),
            StringComparison.Ordinal);
    }
}
