using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace MediaGrpc.Client;

/// <summary>Channels tuned for moving media: what <see cref="MediaGrpcClient"/> users should pass when they build their own.</summary>
public static class MediaGrpcChannels
{
    /// <summary>
    /// HTTP/2 receive window per stream: 16 MiB, the server's own (see the server's
    /// GrpcKestrelOptions). With SocketsHttpHandler's default window a download of large
    /// chunks waits for window updates on every few chunks.
    /// </summary>
    public const int StreamWindowSize = 16 * 1024 * 1024;

    /// <summary>A channel to <paramref name="address"/> on <see cref="CreateHandler()"/>; the caller disposes it.</summary>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null) => ForAddress(address, tls: null, options);

    /// <summary>
    /// A channel to <paramref name="address"/> on <see cref="CreateHandler(MediaGrpcTlsOptions?)"/>:
    /// for <c>https://</c>, trusting <see cref="MediaGrpcTlsOptions.CaFile"/> and presenting the
    /// client certificate of <paramref name="tls"/>. The caller disposes it.
    /// </summary>
    public static GrpcChannel ForAddress(Uri address, MediaGrpcTlsOptions? tls, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        options ??= new GrpcChannelOptions();
        options.HttpHandler ??= CreateHandler(tls);
        options.DisposeHttpClient = true;
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>
    /// The HTTP handler for media channels: 16 MiB HTTP/2 stream windows, several HTTP/2
    /// connections when one has no stream left, keep-alive pings on idle connections.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => CreateHandler(tls: null);

    /// <summary>
    /// <see cref="CreateHandler()"/>, with the trust anchor and client certificate of
    /// <paramref name="tls"/>. Throws <see cref="ArgumentException"/> when a file holds no
    /// usable PEM certificate or key, and <see cref="IOException"/> when one cannot be read.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(MediaGrpcTlsOptions? tls)
    {
        var handler = new SocketsHttpHandler
        {
            InitialHttp2StreamWindowSize = StreamWindowSize,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromMinutes(1),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        };
        if (tls is null)
        {
            return handler;
        }

        if (tls.CaFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            if (authorities.Count == 0)
            {
                throw new ArgumentException($"CA file '{caFile}' holds no PEM certificate.", nameof(tls));
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(authorities, certificate, errors);
        }

        if (tls.ClientCertificateFile is { } certificateFile)
        {
            handler.SslOptions.ClientCertificates = [LoadClientCertificate(certificateFile, tls.ClientKeyFile)];
        }
        else if (tls.ClientKeyFile is not null)
        {
            throw new ArgumentException("A client key file needs a client certificate file.", nameof(tls));
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
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            // An ephemeral PEM key cannot be used by TLS on every platform; a PKCS#12 round trip
            // gives the certificate a key it can.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"Client certificate '{certificateFile}' (key '{keyFile ?? certificateFile}') is not a usable PEM certificate and key: {e.Message}", nameof(certificateFile), e);
        }
    }
}
