using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaGrpc.Cli.Tests;

/// <summary>
/// A throwaway certificate authority and the certificates it issues, written as PEM files:
/// a server certificate for 127.0.0.1 and a client certificate.
/// </summary>
internal static class TestAuthority
{
    public sealed record Files(string CaCertificate, string ServerCertificate, string ServerKey, string ClientCertificate, string ClientKey);

    public static Files Create(string folder)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=mediagrpc test authority", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var (serverCertificate, serverKey) = Issue(ca, caKey, "CN=127.0.0.1", server: true, folder, "server");
        var (clientCertificate, clientKey) = Issue(ca, caKey, "CN=mediagrpc test client", server: false, folder, "client");
        var caFile = Path.Combine(folder, "ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        return new Files(caFile, serverCertificate, serverKey, clientCertificate, clientKey);
    }

    private static (string Certificate, string Key) Issue(X509Certificate2 ca, ECDsa caKey, string subject, bool server, string folder, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddDays(1), serial);
        var certificateFile = Path.Combine(folder, name + ".pem");
        var keyFile = Path.Combine(folder, name + ".key");
        File.WriteAllText(certificateFile, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }
}
