namespace MediaGrpc.Cli.Connection;

/// <summary>Where the server is and how to prove who we are to it.</summary>
/// <param name="Server">The address, http:// or https://.</param>
/// <param name="ApiKey">The API key, or null to send none. Never printed.</param>
/// <param name="CaFile">PEM of the authority to trust for https://, or null for the system's.</param>
/// <param name="ClientCertificate">PEM client certificate, or null.</param>
/// <param name="ClientKey">PEM key of the client certificate, or null when the certificate file holds it.</param>
internal sealed record ConnectionSettings(string Server, string? ApiKey, string? CaFile, string? ClientCertificate, string? ClientKey)
{
    /// <summary>The server address, checked.</summary>
    public Uri Address
    {
        get
        {
            if (!Uri.TryCreate(Server, UriKind.Absolute, out var address)
                || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                throw new Errors.CliException(Errors.ExitCodes.InvalidArgument, $"--server '{Server}' is not an http:// or https:// address.");
            }

            return address;
        }
    }

    /// <summary>The server address without its trailing slash, as printed and as remembered with uploads.</summary>
    public string DisplayAddress => Address.ToString().TrimEnd('/');
}
