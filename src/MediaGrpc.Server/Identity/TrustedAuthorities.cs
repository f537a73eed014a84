using System.Security.Cryptography.X509Certificates;

namespace MediaGrpc.Server.Identity;

/// <summary>The certificates of a PEM file of authorities.</summary>
internal static class TrustedAuthorities
{
    public static X509Certificate2Collection Load(string pemFile)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(pemFile);
        return authorities;
    }
}
