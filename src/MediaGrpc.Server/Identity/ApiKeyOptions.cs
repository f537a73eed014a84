namespace MediaGrpc.Server.Identity;

/// <summary>
/// Static API keys, bound from the <c>Authentication</c> configuration section. Each key
/// maps to an owner: the caller identity that owns uploads, media and transfers.
/// With no keys configured, every caller is the single owner <see cref="LocalOwner"/>
/// (the embedded default for one machine).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Authentication";

    /// <summary>Owner of every call when no keys are configured. Default "local".</summary>
    public string LocalOwner { get; set; } = "local";

    /// <summary>The accepted keys. Default none. Keys are secrets: they are never logged.</summary>
    public IList<ApiKey> ApiKeys { get; } = [];
}

/// <summary>One accepted API key and the owner it authenticates.</summary>
public sealed class ApiKey
{
    /// <summary>The secret a client sends as <c>authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The owner identity calls with this key act as.</summary>
    public string Owner { get; set; } = string.Empty;
}
