using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace MediaGrpc.Storage.Internal;

/// <summary>Signs requests with the account key: <c>Authorization: SharedKey account:base64(HMAC-SHA256(key, string-to-sign))</c>.</summary>
internal sealed class SharedKeyCredential
{
    private readonly byte[] _key;

    public SharedKeyCredential(string accountName, byte[] key)
    {
        AccountName = accountName;
        _key = key;
    }

    public string AccountName { get; }

    /// <summary>Sets the Authorization header; call last, after every other header is in place.</summary>
    public void Sign(HttpRequestMessage request)
    {
        var stringToSign = SharedKeyStringToSign.Build(request, AccountName);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", AccountName + ":" + signature);
    }

    public override string ToString() => "SharedKey " + AccountName;
}
