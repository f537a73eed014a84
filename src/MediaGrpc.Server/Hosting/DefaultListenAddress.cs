namespace MediaGrpc.Server.Hosting;

/// <summary>
/// The address the server listens on when nothing else says: <c>http://127.0.0.1:5000</c>.
/// It is set here, only when no standard source gave one, rather than as <c>Urls</c> in
/// appsettings.json: appsettings outranks <c>ASPNETCORE_URLS</c> (and the container
/// images' <c>ASPNETCORE_HTTP_PORTS</c>), so a default there silently beat them.
/// </summary>
internal static class DefaultListenAddress
{
    public const string Url = "http://127.0.0.1:5000";

    /// <summary>Listens on <see cref="Url"/> unless configuration already names addresses, ports or Kestrel endpoints.</summary>
    public static WebApplicationBuilder UseDefaultListenAddress(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var named = !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!named)
        {
            builder.WebHost.UseUrls(Url);
        }

        return builder;
    }
}
