namespace MediaGrpc.Client;

/// <summary>
/// TLS settings of a media channel (<see cref="MediaGrpcChannels"/>) for <c>https://</c>
/// servers: which authority to trust and which client certificate to present.
/// </summary>
public sealed class MediaGrpcTlsOptions
{
    /// <summary>
    /// PEM file of the authorities the server's certificate must chain to; then the system's
    /// trust store plays no part. Default null: the system's trust store.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// PEM file of the client certificate to present (mutual TLS, where the certificate can
    /// be the caller's identity). Default null: none.
    /// </summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM file of the client certificate's private key. Default null: the key is in <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; set; }
}
