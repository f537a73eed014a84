using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// Builds the Shared Key string-to-sign of a Blob service request, field by field.
/// </summary>
/// <remarks>
/// Spec: https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key
/// (Blob, Queue and File services, version 2015-02-21 and later):
/// <code>
/// VERB \n Content-Encoding \n Content-Language \n Content-Length \n Content-MD5 \n
/// Content-Type \n Date \n If-Modified-Since \n If-Match \n If-None-Match \n
/// If-Unmodified-Since \n Range \n CanonicalizedHeaders CanonicalizedResource
/// </code>
/// Content-Length is empty when zero; Date is empty because requests carry x-ms-date.
/// </remarks>
internal static class SharedKeyStringToSign
{
    public static string Build(HttpRequestMessage request, string accountName)
    {
        var content = request.Content?.Headers;
        var builder = new StringBuilder(512);
        builder.Append(request.Method.Method).Append('\n');
        AppendField(builder, content, "Content-Encoding");
        AppendField(builder, content, "Content-Language");
        builder.Append(content?.ContentLength is > 0 and var length ? length.ToString(CultureInfo.InvariantCulture) : "").Append('\n');
        AppendField(builder, content, "Content-MD5");
        AppendField(builder, content, "Content-Type");
        AppendField(builder, request.Headers, "Date");
        AppendField(builder, request.Headers, "If-Modified-Since");
        AppendField(builder, request.Headers, "If-Match");
        AppendField(builder, request.Headers, "If-None-Match");
        AppendField(builder, request.Headers, "If-Unmodified-Since");
        AppendField(builder, request.Headers, "Range");
        AppendCanonicalizedHeaders(builder, request.Headers);
        AppendCanonicalizedResource(builder, request.RequestUri!, accountName);
        return builder.ToString();
    }

    private static void AppendField(StringBuilder builder, HttpHeaders? headers, string name)
    {
        if (headers is not null && headers.NonValidated.TryGetValues(name, out var values))
        {
            builder.Append(values.ToString());
        }

        builder.Append('\n');
    }

    /// <summary>
    /// Every x-ms- header, name lower-cased, sorted by name, as <c>name:value\n</c> with the value
    /// trimmed and runs of whitespace folded to one space. Ordinal sorting matches the service's
    /// for the header names this client sends (see <see cref="BlobCommitOptions"/> remarks).
    /// </summary>
    [SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "The spec requires lower-case header names.")]
    private static void AppendCanonicalizedHeaders(StringBuilder builder, HttpRequestHeaders headers)
    {
        var msHeaders = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in headers.NonValidated)
        {
            if (name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                msHeaders.Add(new(name.ToLowerInvariant(), FoldWhitespace(values.ToString())));
            }
        }

        msHeaders.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    /// <summary>
    /// <c>/account/encoded-path</c>, then each query parameter as <c>\nname:value</c>: names
    /// lower-cased and sorted, values URL-decoded, several values of one name sorted and
    /// joined with ','. With a path-style endpoint (Azurite) the path itself starts with the
    /// account, which then appears twice.
    /// </summary>
    [SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "The spec requires lower-case parameter names.")]
    private static void AppendCanonicalizedResource(StringBuilder builder, Uri uri, string accountName)
    {
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var query = uri.Query;
        if (query.Length <= 1)
        {
            return;
        }

        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out var values))
            {
                parameters.Add(name, values = []);
            }

            values.Add(value);
        }

        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            builder.Append('\n').Append(name).Append(':').AppendJoin(',', values);
        }
    }

    private static string FoldWhitespace(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal) && !trimmed.Contains('\t', StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        var previousWasSpace = false;
        foreach (var c in trimmed)
        {
            var isSpace = c is ' ' or '\t';
            if (!isSpace || !previousWasSpace)
            {
                builder.Append(isSpace ? ' ' : c);
            }

            previousWasSpace = isSpace;
        }

        return builder.ToString();
    }
}
