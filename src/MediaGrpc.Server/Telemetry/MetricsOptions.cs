namespace MediaGrpc.Server.Telemetry;

/// <summary>Configuration section "Metrics": the Prometheus scrape endpoint.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Where to serve Prometheus text at <c>/metrics</c>, on plain HTTP/1.1 apart from the gRPC
    /// port: one address such as <c>http://127.0.0.1:9464</c> (named like ASP.NET Core's
    /// <c>Urls</c>). Default none: off.
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>The configured address; null when off.</summary>
    /// <exception cref="InvalidOperationException">Not one absolute http://host:port address.</exception>
    public Uri? ListenerAddress()
    {
        if (string.IsNullOrWhiteSpace(Urls))
        {
            return null;
        }

        var url = Urls.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || url.Contains(';', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Metrics:Urls '{url}' must be one plain http://host:port address.");
        }

        return uri;
    }
}
