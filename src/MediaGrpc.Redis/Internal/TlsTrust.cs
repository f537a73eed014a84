using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MediaGrpc.Redis.Internal;

/// <summary>TLS client settings: the system trust store, or only the configured private CA.</summary>
internal static class TlsTrust
{
    public static SslClientAuthenticationOptions ClientOptions(RedisClientOptions options, string host)
    {
        var authentication = new SslClientAuthenticationOptions { TargetHost = options.TlsServerName ?? host };
        if (options.TlsCaCertificatePath is { } path)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(path);
            authentication.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { authority },
                RevocationMode = X509RevocationMode.NoCheck,
            };
        }

        return authentication;
    }
}
