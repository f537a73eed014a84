namespace MediaGrpc.Storage.Internal;

/// <summary>
/// What one Blob REST call sends, kept apart from <see cref="HttpRequestMessage"/> because every
/// attempt needs a fresh message with a fresh x-ms-date and signature.
/// </summary>
internal sealed class BlobRequest
{
    public BlobRequest(string operation, HttpMethod method, string path, string? query = null)
    {
        Operation = operation;
        Method = method;
        Path = path;
        Query = query;
    }

    /// <summary>The REST operation name, for logs and errors (e.g. "Put Block").</summary>
    public string Operation { get; }

    public HttpMethod Method { get; }

    /// <summary>Path below the endpoint, built only from validated names: <c>/container[/blob]</c>.</summary>
    public string Path { get; }

    /// <summary>Our own query parameters, already escaped, without '?'. Never holds a SAS, so it may be logged.</summary>
    public string? Query { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>The body, sent with Content-MD5 when set.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>The body's MD5, computed once for all attempts.</summary>
    public byte[]? ContentMd5 { get; set; }

    /// <summary>Return once headers arrive and leave the body to the caller (Get Blob).</summary>
    public bool StreamResponse { get; init; }

    public string Resource => Query is null ? Path : Path + "?" + Query;

    public BlobRequest WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}
