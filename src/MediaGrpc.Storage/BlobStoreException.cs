using System.Net;

namespace MediaGrpc.Storage;

/// <summary>
/// A blob store operation failed: the service answered with an error, retries ran out, or a
/// store rule (<see cref="BlobErrorCodes"/>) was broken.
/// </summary>
public sealed class BlobStoreException : Exception
{
    public BlobStoreException()
        : this("The blob store operation failed.")
    {
    }

    public BlobStoreException(string message)
        : base(message)
    {
    }

    public BlobStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BlobStoreException(string message, HttpStatusCode? statusCode, string? errorCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status the service answered with; <see langword="null"/> when there was no answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The service's <c>x-ms-error-code</c> or one of <see cref="BlobErrorCodes"/>.</summary>
    public string? ErrorCode { get; }

    /// <summary>
    /// Whether trying again later may succeed: the service was out of reach or did not answer
    /// in time (retries ran out), or answered 408, 429 or 5xx.
    /// </summary>
    public bool IsTransient => StatusCode is { } status
        ? status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500
        : NoAnswer || InnerException is HttpRequestException or OperationCanceledException;

    /// <summary>Set when the service gave no answer at all (refused, reset, timed out), whatever the inner exception's type.</summary>
    internal bool NoAnswer { get; init; }
}
