namespace MediaGrpc.Server.Media;

/// <summary>A named media lifetime, e.g. "7d" for seven days.</summary>
public sealed class TtlClass
{
    /// <summary>Name clients use in MediaSpec.ttl_class: lower-case letters and digits.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Days a media of this class stays valid after its upload completes.</summary>
    public int Days { get; set; }

    /// <summary>The blob prefix of this class's media, without trailing slash.</summary>
    public string BlobPrefix => "ttl-" + Name;
}
