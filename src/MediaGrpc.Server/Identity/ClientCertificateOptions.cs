using System.Security.Cryptography.X509Certificates;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// Client certificates as caller identity, bound from <c>Authentication:Certificate</c>. The
/// TLS endpoint asks for them (<c>Kestrel:Endpoints:NAME:ClientCertificateMode</c>); a
/// certificate whose chain ends in <see cref="TrustedCaFile"/> and that is valid for client
/// authentication names its owner by <see cref="OwnerFrom"/>.
/// </summary>
public sealed class ClientCertificateOptions
{
    /// <summary>PEM file of the authorities client certificates must chain to (the system's store plays no part). Required.</summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>Which name of the certificate is the owner. Default <see cref="CertificateOwnerSource.CommonName"/>.</summary>
    public CertificateOwnerSource OwnerFrom { get; set; } = CertificateOwnerSource.CommonName;

    /// <summary>Revocation check of the chain. Default <see cref="X509RevocationMode.NoCheck"/>: private authorities rarely publish CRLs.</summary>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;
}

/// <summary>The name in a client certificate that becomes the caller's owner.</summary>
public enum CertificateOwnerSource
{
    /// <summary>The subject's common name (CN), e.g. <c>CN=billing</c> → <c>billing</c>.</summary>
    CommonName,

    /// <summary>The first URI subject alternative name, e.g. a SPIFFE ID <c>spiffe://example.org/ns/prod/sa/billing</c>.</summary>
    SanUri,

    /// <summary>The first DNS subject alternative name, e.g. <c>billing.prod.svc</c>.</summary>
    SanDns,
}
