using System.Net;
using Azure;

namespace MediaGrpc.Storage.Internal;

/// <summary>
/// The one place that turns what Azure.Storage.Blobs throws into the port's exceptions:
/// <see cref="BlobNotFoundException"/>, <see cref="BlobStoreException"/> with the service's
/// status and error code (<see cref="BlobErrorCodes"/> where the port names the condition), or
/// a <see cref="BlobStoreException"/> without status when the service never answered, which
/// callers treat as an outage (<see cref="BlobStoreException.IsTransient"/>).
/// </summary>
internal static class AzureFailures
{
    /// <summary>The operation name of reads, whose 404 is always "no such blob".</summary>
    public const string GetBlob = "Get Blob";

    private const string ContainerNotFound = "ContainerNotFound";

    /// <summary>
    /// The port's exception for <paramref name="exception"/>, or <see langword="null"/> when it is
    /// not a storage failure (argument errors, the caller's own cancellation) and must go through.
    /// </summary>
    /// <param name="exception">What the SDK threw.</param>
    /// <param name="operation">The store operation, for the message.</param>
    /// <param name="blobName">The blob concerned, or null for container-wide operations.</param>
    /// <param name="ifMatch">The ETag a read was bound to: a missing blob then fails its condition, as in HTTP.</param>
    /// <param name="cancellationToken">The caller's token: a cancellation it asked for is not a failure.</param>
    public static Exception? Translate(
        Exception exception, string operation, string? blobName, string? ifMatch, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            return null;
        }

        switch (exception)
        {
            case RequestFailedException { Status: 0 } noAnswer:
                return Unreachable(operation, blobName, noAnswer);

            // A missing container means a missing blob to a reader; to a writer it is a store
            // fault (CreateContainerIfNotExists off, or the container deleted underneath).
            case RequestFailedException { Status: (int)HttpStatusCode.NotFound } missing
                when blobName is not null && (missing.ErrorCode != ContainerNotFound || ifMatch is not null || operation == GetBlob):
                return ifMatch is not null
                    ? StagedBlockRules.ConditionNotMet(blobName, ifMatch)
                    : BlobNotFoundException.ForBlob(blobName, missing);

            case RequestFailedException { Status: (int)HttpStatusCode.PreconditionFailed } when blobName is not null && ifMatch is not null:
                return StagedBlockRules.ConditionNotMet(blobName, ifMatch);

            case RequestFailedException failed:
                return new BlobStoreException(
                    $"Azure Blob storage answered {failed.Status} {failed.ErrorCode} to {operation}{Of(blobName)}.",
                    (HttpStatusCode)failed.Status,
                    failed.ErrorCode,
                    failed);

            // Retries ran out on network failures: Azure.Core reports every attempt's exception.
            case AggregateException attempts when attempts.InnerExceptions.All(IsNoAnswer):
                return Unreachable(operation, blobName, attempts);

            // An attempt's NetworkTimeout, not the caller's token.
            case OperationCanceledException timedOut:
                return Unreachable(operation, blobName, timedOut);

            default:
                return null;
        }
    }

    private static bool IsNoAnswer(Exception exception)
        => exception is RequestFailedException { Status: 0 } or OperationCanceledException or HttpRequestException or IOException;

    private static BlobStoreException Unreachable(string operation, string? blobName, Exception inner)
        => new($"Azure Blob storage did not answer {operation}{Of(blobName)}: {FirstLine(inner.Message)}", statusCode: null, errorCode: null, inner)
        {
            NoAnswer = true,
        };

    private static string Of(string? blobName) => blobName is null ? string.Empty : $" of '{blobName}'";

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }
}
