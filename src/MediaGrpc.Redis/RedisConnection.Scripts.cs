namespace MediaGrpc.Redis;

// Lua scripts: EVALSHA first, EVAL when the server answers NOSCRIPT. EVAL also loads the
// script into the cache, so the next EVALSHA finds it.
public sealed partial class RedisConnection
{
    /// <summary>Runs <paramref name="script"/> with the given KEYS and ARGV.</summary>
    /// <exception cref="RedisServerException">The script failed, or the server refused it.</exception>
    public async Task<RespValue> EvaluateAsync(
        RedisScript script,
        IReadOnlyList<RedisArgument> keys,
        IReadOnlyList<RedisArgument> arguments,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(arguments);
        try
        {
            return await ExecuteAsync("EVALSHA", ScriptArguments(script.Sha1, keys, arguments), cancellationToken);
        }
        catch (RedisServerException ex) when (ex.Prefix == "NOSCRIPT")
        {
            return await ExecuteAsync("EVAL", ScriptArguments(script.Source, keys, arguments), cancellationToken);
        }
    }

    private static RedisArgument[] ScriptArguments(string scriptOrSha, IReadOnlyList<RedisArgument> keys, IReadOnlyList<RedisArgument> arguments)
    {
        var all = new RedisArgument[2 + keys.Count + arguments.Count];
        all[0] = scriptOrSha;
        all[1] = keys.Count;
        for (var i = 0; i < keys.Count; i++)
        {
            all[2 + i] = keys[i];
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            all[2 + keys.Count + i] = arguments[i];
        }

        return all;
    }
}
