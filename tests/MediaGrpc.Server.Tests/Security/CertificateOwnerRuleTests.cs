using MediaGrpc.Server.Identity;
using MediaGrpc.Testing;
using Xunit;

namespace MediaGrpc.Server.Tests.Security;

/// <summary>The documented rule that names a certificate's owner: CN, first URI SAN or first DNS SAN.</summary>
public sealed class CertificateOwnerRuleTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mediagrpc-owner-rule-" + Guid.NewGuid().ToString("N"));
    private readonly TestCertificateAuthority _authority;

    public CertificateOwnerRuleTests() => _authority = TestCertificateAuthority.Create(_folder);

    public void Dispose()
    {
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Each_source_names_the_owner_from_its_own_field()
    {
        using var certificate = _authority.IssueClientCertificate("billing", sanUri: "spiffe://example.org/ns/prod/sa/billing", sanDns: "billing.prod.svc");

        Assert.Equal("billing", CertificateOwnerRule.OwnerOf(certificate, CertificateOwnerSource.CommonName));
        Assert.Equal("spiffe://example.org/ns/prod/sa/billing", CertificateOwnerRule.OwnerOf(certificate, CertificateOwnerSource.SanUri));
        Assert.Equal("billing.prod.svc", CertificateOwnerRule.OwnerOf(certificate, CertificateOwnerSource.SanDns));
    }

    [Fact]
    public void Certificate_without_the_chosen_name_names_no_owner()
    {
        using var certificate = _authority.IssueClientCertificate("only-a-cn");

        Assert.Null(CertificateOwnerRule.OwnerOf(certificate, CertificateOwnerSource.SanUri));
        Assert.Null(CertificateOwnerRule.OwnerOf(certificate, CertificateOwnerSource.SanDns));
    }
}
