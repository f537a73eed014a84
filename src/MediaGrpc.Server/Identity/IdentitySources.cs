namespace MediaGrpc.Server.Identity;

/// <summary>
/// Which identity sources the configuration turns on: API keys (<c>Authentication:ApiKeys</c>),
/// JWT bearer tokens (<c>Authentication:Schemes:Bearer</c>), client certificates
/// (<c>Authentication:Certificate</c>). None: every caller is the local owner.
/// </summary>
internal sealed record IdentitySources(bool ApiKeys, bool Bearer, bool Certificate)
{
    public const string BearerSection = "Authentication:Schemes:Bearer";
    public const string CertificateSection = "Authentication:Certificate";

    public bool Any => ApiKeys || Bearer || Certificate;

    public static IdentitySources From(IConfiguration configuration) => new(
        configuration.GetSection(ApiKeyOptions.SectionName + ":ApiKeys").GetChildren().Any(),
        configuration.GetSection(BearerSection).Exists(),
        configuration.GetSection(CertificateSection).Exists());

    /// <summary>What a caller may send, for the reason given to a call without credentials.</summary>
    public string Accepted()
    {
        var kinds = new List<string>(3);
        if (ApiKeys)
        {
            kinds.Add("an API key ('authorization: Bearer KEY' or 'x-api-key: KEY')");
        }

        if (Bearer)
        {
            kinds.Add("a JWT ('authorization: Bearer TOKEN')");
        }

        if (Certificate)
        {
            kinds.Add("a TLS client certificate");
        }

        return string.Join(", or ", kinds);
    }
}
