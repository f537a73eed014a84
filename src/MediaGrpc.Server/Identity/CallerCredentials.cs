using Microsoft.AspNetCore.Http;

namespace MediaGrpc.Server.Identity;

/// <summary>Where a call carries its credential: <c>authorization: Bearer …</c> or <c>x-api-key</c>.</summary>
internal static class CallerCredentials
{
    public const string ApiKeyHeader = "x-api-key";
    private const string BearerPrefix = "Bearer ";

    /// <summary>The token after <c>Bearer </c> in the authorization header, or null.</summary>
    public static string? BearerToken(IHeaderDictionary headers)
    {
        var value = headers.Authorization.ToString();
        return value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? value[BearerPrefix.Length..].Trim() : null;
    }

    /// <summary>The API key: the bearer token, else the <c>x-api-key</c> header; null when neither is there.</summary>
    public static string? ApiKey(IHeaderDictionary headers) =>
        BearerToken(headers) is { Length: > 0 } token ? token
        : headers[ApiKeyHeader].ToString() is { Length: > 0 } key ? key
        : null;
}
