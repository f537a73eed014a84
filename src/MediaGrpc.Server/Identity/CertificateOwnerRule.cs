using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// The owner a trusted client certificate stands for: its subject CN, or its first URI or
/// DNS subject alternative name, as <see cref="ClientCertificateOptions.OwnerFrom"/> says.
/// </summary>
internal static class CertificateOwnerRule
{
    private const string CommonNameOid = "2.5.4.3";
    private const string SubjectAltNameOid = "2.5.29.17";

    // GeneralName (RFC 5280 §4.2.1.6): dNSName [2] IA5String, uniformResourceIdentifier [6] IA5String.
    private static readonly Asn1Tag s_dnsName = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag s_uri = new(TagClass.ContextSpecific, 6);

    /// <summary>The owner, or null when the certificate has no name of that kind.</summary>
    public static string? OwnerOf(X509Certificate2 certificate, CertificateOwnerSource source) => source switch
    {
        CertificateOwnerSource.CommonName => CommonName(certificate),
        CertificateOwnerSource.SanUri => FirstAlternativeName(certificate, s_uri),
        CertificateOwnerSource.SanDns => FirstAlternativeName(certificate, s_dnsName),
        _ => null,
    };

    /// <summary>How the rule reads, for the reason given when a certificate lacks the name.</summary>
    public static string Describe(CertificateOwnerSource source) => source switch
    {
        CertificateOwnerSource.SanUri => "a URI subject alternative name",
        CertificateOwnerSource.SanDns => "a DNS subject alternative name",
        _ => "a subject common name (CN)",
    };

    private static string? CommonName(X509Certificate2 certificate)
    {
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!name.HasMultipleElements && name.GetSingleElementType().Value == CommonNameOid)
            {
                return NonEmpty(name.GetSingleElementValue());
            }
        }

        return null;
    }

    private static string? FirstAlternativeName(X509Certificate2 certificate, Asn1Tag kind)
    {
        if (certificate.Extensions[SubjectAltNameOid] is not { } extension)
        {
            return null;
        }

        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(kind))
                {
                    return NonEmpty(names.ReadCharacterString(UniversalTagNumber.IA5String, kind));
                }

                names.ReadEncodedValue();
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension names no one.
        }

        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
