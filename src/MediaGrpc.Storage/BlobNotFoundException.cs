namespace MediaGrpc.Storage;

/// <summary>A read asked for a blob that has not been committed or was deleted.</summary>
public sealed class BlobNotFoundException : Exception
{
    public BlobNotFoundException()
        : this("The blob was not found.")
    {
    }

    public BlobNotFoundException(string message)
        : base(message)
    {
    }

    public BlobNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a named blob; the inner exception carries the service's reply.</summary>
    public static BlobNotFoundException ForBlob(string blobName, Exception? innerException = null)
        => new($"Blob '{blobName}' was not found.", innerException) { BlobName = blobName };

    /// <summary>The blob that was not found, when known.</summary>
    public string? BlobName { get; private init; }
}
