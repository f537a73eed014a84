using System.Security.Cryptography;
using System.Text;

namespace MediaGrpc.Redis;

/// <summary>
/// A Lua script run with EVALSHA, falling back to EVAL when the server does not know it yet
/// (NOSCRIPT: first use, or the script cache was flushed by a restart).
/// See https://redis.io/docs/latest/develop/interact/programmability/eval-intro/.
/// </summary>
public sealed class RedisScript
{
    /// <summary>Wraps <paramref name="source"/> and computes its SHA1 digest once.</summary>
    public RedisScript(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        Source = source;
#pragma warning disable CA5350 // SHA1 is how Redis names scripts, not a security measure.
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
#pragma warning restore CA5350
    }

    /// <summary>The Lua source.</summary>
    public string Source { get; }

    /// <summary>Lower-case hex SHA1 of the source, as EVALSHA and SCRIPT LOAD use it.</summary>
    public string Sha1 { get; }
}
