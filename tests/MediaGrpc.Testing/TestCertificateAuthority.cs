using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaGrpc.Testing;

/// <summary>A certificate file and its private key file, both PEM.</summary>
public sealed record PemFiles(string Certificate, string Key);

/// <summary>
/// A throwaway certificate authority, made at run time (no key is ever committed), and the
/// certificates it issues, written as PEM files into a folder: server certificates for
/// 127.0.0.1 and localhost, client certificates with a chosen subject CN and SANs.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;
    private readonly string _folder;
    private readonly string _name;

    private TestCertificateAuthority(string folder, string name, ECDsa key, X509Certificate2 certificate)
    {
        _folder = folder;
        _name = name;
        _key = key;
        _certificate = certificate;
        CaFile = Path.Combine(folder, name + "-ca.pem");
        File.WriteAllText(CaFile, certificate.ExportCertificatePem());
    }

    /// <summary>The authority's certificate, PEM: what clients trust (--ca-file) and servers trust for client certificates.</summary>
    public string CaFile { get; }

    /// <summary>A new authority named <paramref name="name"/>, writing its files into <paramref name="folder"/>.</summary>
    public static TestCertificateAuthority Create(string folder, string name = "test")
    {
        Directory.CreateDirectory(folder);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=mediagrpc {name} authority", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(folder, name, key, request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)));
    }

    /// <summary>A server certificate for 127.0.0.1, ::1 and localhost.</summary>
    public PemFiles IssueServer(string fileName = "server")
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        return Write(fileName, Issue("CN=localhost", names, serverAuth: true));
    }

    /// <summary>A client certificate with subject <c>CN=<paramref name="commonName"/></c> and the given SANs, written to files.</summary>
    public PemFiles IssueClient(string fileName, string commonName, string? sanUri = null, string? sanDns = null) =>
        Write(fileName, IssueClientCertificate(commonName, sanUri, sanDns));

    /// <summary>A client certificate, with its private key, in memory.</summary>
    public X509Certificate2 IssueClientCertificate(string commonName, string? sanUri = null, string? sanDns = null)
    {
        SubjectAlternativeNameBuilder? names = null;
        if (sanUri is not null || sanDns is not null)
        {
            names = new SubjectAlternativeNameBuilder();
            if (sanUri is not null)
            {
                names.AddUri(new Uri(sanUri));
            }

            if (sanDns is not null)
            {
                names.AddDnsName(sanDns);
            }
        }

        return Issue("CN=" + commonName, names, serverAuth: false);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 Issue(string subject, SubjectAlternativeNameBuilder? names, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    private PemFiles Write(string fileName, X509Certificate2 certificate)
    {
        using (certificate)
        {
            var files = new PemFiles(Path.Combine(_folder, $"{_name}-{fileName}.pem"), Path.Combine(_folder, $"{_name}-{fileName}.key"));
            File.WriteAllText(files.Certificate, certificate.ExportCertificatePem());
            File.WriteAllText(files.Key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            return files;
        }
    }
}
