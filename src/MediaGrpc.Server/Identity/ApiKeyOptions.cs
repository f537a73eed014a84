namespace MediaGrpc.Server.Identity;

/// <summary>
/// The <c>Authentication</c> configuration section as far as API keys go: static keys, each
/// mapped to an owner, the caller identity that owns uploads, media and transfers. With no
/// identity source configured at all (no keys, no <c>Authentication:Schemes:Bearer</c>, no
/// <c>Authentication:Certificate</c>), every caller is the single owner <see cref="LocalOwner"/>
/// (the embedded default for one machine).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Authentication";

    /// <summary>Owner of every call when no identity source is configured. Default "local".</summary>
    public string LocalOwner { get; set; } = "local";

    /// <summary>The accepted keys. Default none. Keys are secrets: they are never logged.</summary>
    public IList<ApiKey> ApiKeys { get; } = [];
}

/// <summary>One accepted API key, given in clear or by its SHA-256, and the owner it authenticates.</summary>
public sealed class ApiKey
{
    /// <summary>
    /// The secret a client sends as <c>authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>,
    /// at least 16 characters. Give either this or <see cref="KeySha256"/>.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// The SHA-256 of the key's UTF-8 bytes, as 64 hex digits (<c>printf %s KEY | sha256sum</c>),
    /// so the configuration holds no usable secret. Give either this or <see cref="Key"/>.
    /// </summary>
    public string? KeySha256 { get; set; }

    /// <summary>The owner identity calls with this key act as.</summary>
    public string Owner { get; set; } = string.Empty;
}
