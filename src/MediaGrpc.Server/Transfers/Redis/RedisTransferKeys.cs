using System.Text;
using StackExchange.Redis;

namespace MediaGrpc.Server.Transfers.Redis;

/// <summary>
/// Names of the registry's Redis keys and channels. Every key of one owner carries the
/// owner's hash tag, so it lives in one hash slot: the Lua scripts that keep the per-owner
/// limit, a transfer's record and an upload's writer lease consistent touch one slot, as
/// Redis Cluster requires of a script.
/// </summary>
/// <remarks>
/// <para>Keys, with <c>{o}</c> the owner's hash tag (the owner, <c>%</c>, <c>{</c> and <c>}</c> percent-escaped):</para>
/// <list type="bullet">
/// <item><c>&lt;prefix&gt;owner:{o}</c>: sorted set of the owner's running transfers (score: heartbeat expiry, Unix ms).</item>
/// <item><c>&lt;prefix&gt;transfer:{o}:&lt;transfer ID&gt;</c>: a transfer's record.</item>
/// <item><c>&lt;prefix&gt;writer:{o}:&lt;upload ID&gt;</c>: an upload's writer lease. Only its owner may write
/// an upload, so the upload's owner is the owner of every transfer that can hold it.</item>
/// </list>
/// <para>Channels: <c>&lt;prefix&gt;progress:&lt;transfer ID&gt;</c> and <c>&lt;prefix&gt;control:&lt;replica&gt;</c>; with
/// sharded pub/sub each lives on the node owning its own hash slot, so they spread over the cluster.</para>
/// <para>A prefix holding a hash tag of its own (<c>{mediagrpc}:</c>) puts every key in that one slot.</para>
/// </remarks>
internal sealed class RedisTransferKeys(string prefix, RedisPubSubMode pubSub)
{
    public RedisKey Owner(string owner) => prefix + "owner:" + Tag(owner);

    public RedisKey Record(string owner, string transferId) => prefix + "transfer:" + Tag(owner) + ":" + transferId;

    public RedisKey Writer(string owner, string uploadId) => prefix + "writer:" + Tag(owner) + ":" + uploadId;

    /// <summary>What a record key starts with, before the transfer ID (the List script appends IDs to it).</summary>
    public string RecordPrefix(string owner) => prefix + "transfer:" + Tag(owner) + ":";

    public RedisChannel Progress(string transferId) => Channel(prefix + "progress:" + transferId);

    public RedisChannel Control(string replica) => Channel(prefix + "control:" + replica);

    /// <summary>
    /// Whether <paramref name="keyPrefix"/> leaves the owner tags in charge: no brace at all,
    /// or one complete, non-empty hash tag (then every key shares it). A lone or empty brace
    /// pair would give an owner's keys different slots.
    /// </summary>
    public static bool IsUsablePrefix(string keyPrefix)
    {
        var open = keyPrefix.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return !keyPrefix.Contains('}', StringComparison.Ordinal);
        }

        var close = keyPrefix.IndexOf('}', open + 1);
        return close > open + 1;
    }

    // Classic channels are routed by their slot too, so PUBLISH and every SUBSCRIBE of a channel
    // meet on one node and PUBLISH counts every receiver (SendControlAsync relies on it).
    private RedisChannel Channel(string name) =>
        pubSub == RedisPubSubMode.Sharded ? RedisChannel.Sharded(name) : RedisChannel.Literal(name).WithKeyRouting();

    // Escaped so an owner can never close the tag early or leave it empty: the tag is the
    // whole owner, and distinct owners keep distinct tags.
    private static string Tag(string owner)
    {
        if (owner.Length == 0)
        {
            // "{}" would not be a tag at all; no escaped owner can read "%".
            return "{%}";
        }

        if (owner.AsSpan().IndexOfAny('%', '{', '}') < 0)
        {
            return "{" + owner + "}";
        }

        var tag = new StringBuilder(owner.Length + 8).Append('{');
        foreach (var c in owner)
        {
            _ = c switch
            {
                '%' => tag.Append("%25"),
                '{' => tag.Append("%7B"),
                '}' => tag.Append("%7D"),
                _ => tag.Append(c),
            };
        }

        return tag.Append('}').ToString();
    }
}
