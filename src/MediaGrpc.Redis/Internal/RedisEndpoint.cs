using System.Globalization;

namespace MediaGrpc.Redis.Internal;

/// <summary>A parsed <c>host:port</c> endpoint.</summary>
internal readonly record struct RedisEndpoint(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c>, <c>[v6-address]:port</c>.</summary>
    /// <exception cref="ArgumentException">The text is not an endpoint.</exception>
    public static RedisEndpoint Parse(string? text)
    {
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw new ArgumentException($"Redis endpoint '{text}' is not of the form host:port.", nameof(text));
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return new RedisEndpoint(host, port);
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
