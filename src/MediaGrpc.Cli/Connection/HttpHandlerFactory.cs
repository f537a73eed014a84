using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MediaGrpc.Cli.Errors;
using MediaGrpc.Client;

namespace MediaGrpc.Cli.Connection;

/// <summary>
/// The HTTP/2 handler under the channel: the SDK's media handler (16 MiB stream windows like
/// the server's, keep-alive pings), and for https:// the trust anchor of --ca-file and the
/// client certificate of --client-cert / --client-key.
/// </summary>
internal static class HttpHandlerFactory
{
    public static SocketsHttpHandler Create(ConnectionSettings settings)
    {
        var handler = MediaGrpcChannels.CreateHandler();
        handler.UseCookies = false;

        if (settings.CaFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            if (authorities.Count == 0)
            {
                throw new CliException(ExitCodes.InvalidArgument, $"--ca-file '{caFile}' holds no PEM certificate.");
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                TrustedBy(authorities, certificate, errors);
        }

        if (settings.ClientCertificate is { } certificateFile)
        {
            handler.SslOptions.ClientCertificates = [LoadClientCertificate(certificateFile, settings.ClientKey)];
        }
        else if (settings.ClientKey is not null)
        {
            throw new CliException(ExitCodes.InvalidArgument, "--client-key needs --client-cert.");
        }

        return handler;
    }

    // The server's chain must end in one of the given authorities, and its name must match
    // the address: the system's trust store plays no part.
    private static bool TrustedBy(X509Certificate2Collection authorities, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    private static X509Certificate2 LoadClientCertificate(string certificateFile, string? keyFile)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        // An ephemeral PEM key cannot be used by TLS on every platform; a PKCS#12 round trip
        // gives the certificate a key it can.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
