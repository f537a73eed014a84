using System.Collections.Frozen;
using System.Net.Http.Headers;
using System.Text;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// The headers whose values may reach a log. Anything else, the Authorization header and
/// x-ms-meta-* first of all, is logged as REDACTED, so a new header is safe by default.
/// </summary>
internal static class LoggableHeaders
{
    private const string Redacted = "REDACTED";

    private static readonly FrozenSet<string> s_allowed = new[]
    {
        "Accept-Ranges", "Content-Length", "Content-MD5", "Content-Range", "Content-Type", "Date", "ETag",
        "If-Match", "If-None-Match", "Last-Modified", "Retry-After", "Server",
        "x-ms-blob-content-type", "x-ms-blob-type", "x-ms-client-request-id", "x-ms-date", "x-ms-error-code",
        "x-ms-range", "x-ms-request-id", "x-ms-version", "x-ms-request-server-encrypted",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsAllowed(string name) => s_allowed.Contains(name);

    public static string Format(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var builder = new StringBuilder(256);
        Append(builder, headers);
        if (contentHeaders is not null)
        {
            Append(builder, contentHeaders);
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, HttpHeaders headers)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (builder.Length > 0)
            {
                builder.Append("; ");
            }

            builder.Append(name).Append(": ").Append(IsAllowed(name) ? values.ToString() : Redacted);
        }
    }
}
