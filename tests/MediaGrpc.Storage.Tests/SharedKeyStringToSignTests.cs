using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using MediaGrpc.Storage.Internal;

namespace MediaGrpc.Storage.Tests;

/// <summary>
/// The Shared Key string-to-sign, checked against strings written out here by hand from
/// https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key , and the
/// signature against an HMAC computed here.
/// </summary>
public sealed class SharedKeyStringToSignTests
{
    private const string Account = "devstoreaccount1";
    private static readonly byte[] s_key = Convert.FromBase64String(Testing.AzuriteDevelopmentAccount.Key);

    [Fact]
    public void Put_block_string_to_sign_lists_every_field_then_sorted_headers_and_the_resource()
    {
        var body = "hello"u8.ToArray();
#pragma warning disable CA5351 // Content-MD5 is what the spec signs.
        var md5 = MD5.HashData(body);
#pragma warning restore CA5351
        using var request = new HttpRequestMessage(
            HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/media/ttl-7d/media/abc?comp=block&blockid=MDAwMDAw");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentMD5 = md5;
        request.Headers.TryAddWithoutValidation("x-ms-version", "2025-11-05");
        request.Headers.TryAddWithoutValidation("X-MS-Date", "Sat, 22 Nov 2025 05:00:00 GMT");
        request.Headers.TryAddWithoutValidation("x-ms-meta-title", "  two   spaces ");
        request.Headers.TryAddWithoutValidation("x-ms-blob-content-type", "image/png");

        var expected = string.Join('\n',
            "PUT",
            "", // Content-Encoding
            "", // Content-Language
            "5", // Content-Length
            Convert.ToBase64String(md5), // Content-MD5
            "", // Content-Type
            "", // Date: empty, x-ms-date is signed instead
            "", // If-Modified-Since
            "", // If-Match
            "", // If-None-Match
            "", // If-Unmodified-Since
            "", // Range
            "x-ms-blob-content-type:image/png",
            "x-ms-date:Sat, 22 Nov 2025 05:00:00 GMT",
            "x-ms-meta-title:two spaces",
            "x-ms-version:2025-11-05",
            "/devstoreaccount1/devstoreaccount1/media/ttl-7d/media/abc",
            "blockid:MDAwMDAw",
            "comp:block");

        Assert.Equal(expected, SharedKeyStringToSign.Build(request, Account));
    }

    [Fact]
    public void Empty_body_conditional_headers_and_query_canonicalization_follow_the_spec()
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Put,
            "https://myaccount.blob.core.windows.net/media?COMP=list&restype=container&prefix=ttl-7d%2Fmedia%2F&include=metadata&include=deleted");
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Sat, 22 Nov 2025 05:00:00 GMT");

        var expected = string.Join('\n',
            "PUT",
            "",
            "",
            "", // Content-Length 0 is signed as empty (version 2015-02-21 and later)
            "",
            "application/xml",
            "",
            "",
            "",
            "*",
            "",
            "",
            "x-ms-date:Sat, 22 Nov 2025 05:00:00 GMT",
            "/myaccount/media",
            "comp:list",
            "include:deleted,metadata", // one name, values sorted and comma-joined
            "prefix:ttl-7d/media/", // decoded
            "restype:container");

        Assert.Equal(expected, SharedKeyStringToSign.Build(request, "myaccount"));
    }

    [Fact]
    public void Signature_is_the_base64_hmac_sha256_of_the_string_to_sign_under_the_account_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:10000/devstoreaccount1/media/a");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Sat, 22 Nov 2025 05:00:00 GMT");
        request.Headers.TryAddWithoutValidation("x-ms-range", "bytes=0-99");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2025-11-05");
        var stringToSign = "GET\n\n\n\n\n\n\n\n\n\n\n\n"
            + "x-ms-date:Sat, 22 Nov 2025 05:00:00 GMT\nx-ms-range:bytes=0-99\nx-ms-version:2025-11-05\n"
            + "/devstoreaccount1/devstoreaccount1/media/a";

        new SharedKeyCredential(Account, s_key).Sign(request);

        var signature = Convert.ToBase64String(HMACSHA256.HashData(s_key, Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal("SharedKey", request.Headers.Authorization!.Scheme);
        Assert.Equal(Account + ":" + signature, request.Headers.Authorization.Parameter);
    }
}
