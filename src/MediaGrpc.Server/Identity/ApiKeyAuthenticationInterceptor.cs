using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using MediaGrpc.Server.Errors;
using MediaGrpc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Identity;

/// <summary>
/// The one place a call's caller identity comes from. Calls to the mediagrpc services
/// must carry a configured API key (<c>authorization: Bearer KEY</c> or
/// <c>x-api-key: KEY</c>) unless none is configured, in which case every caller is the
/// local owner. Health and reflection stay open, as load balancers and debugging tools
/// call them without credentials. Replace this class to plug in another scheme.
/// </summary>
internal sealed class ApiKeyAuthenticationInterceptor : ServerCallInterceptor
{
    private const string ProtectedPrefix = "/mediagrpc.";
    private const string BearerPrefix = "Bearer ";

    private readonly Caller? _localCaller;
    private readonly (byte[] KeyHash, Caller Caller)[] _keys;

    public ApiKeyAuthenticationInterceptor(IOptions<ApiKeyOptions> options)
    {
        var value = options.Value;
        _keys = [.. value.ApiKeys.Select(k => (Hash(k.Key), new Caller(k.Owner)))];
        _localCaller = _keys.Length == 0 ? new Caller(value.LocalOwner) : null;
    }

    protected override Task InterceptAsync(ServerCallContext context, Func<Task> continuation)
    {
        if (!context.Method.StartsWith(ProtectedPrefix, StringComparison.Ordinal))
        {
            return continuation();
        }

        context.SetCaller(_localCaller ?? Authenticate(context.GetHttpContext().Request.Headers));
        return continuation();
    }

    private Caller Authenticate(Microsoft.AspNetCore.Http.IHeaderDictionary headers)
    {
        var presented = headers.Authorization.ToString();
        if (presented.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            presented = presented[BearerPrefix.Length..].Trim();
        }
        else
        {
            presented = headers["x-api-key"].ToString();
        }

        if (presented.Length == 0)
        {
            throw MediaErrors.Plain(StatusCode.Unauthenticated, "An API key is required: send 'authorization: Bearer KEY' or 'x-api-key: KEY'.");
        }

        // Compare fixed-length hashes in constant time, so timing reveals nothing of a key.
        var hash = Hash(presented);
        foreach (var (keyHash, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
            {
                return caller;
            }
        }

        throw MediaErrors.Plain(StatusCode.Unauthenticated, "The API key is not valid.");
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
